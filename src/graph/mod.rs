//! The petgraph knowledge graph. (Being written: see the graph/export work item.)
