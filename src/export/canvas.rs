//! A small SVG canvas for factlog's in-process drawings: boxes, rounded boxes, ellipses and
//! notes with centred or left-aligned text, Bézier and elbow connectors with arrowheads, and
//! panels (rounded frames with a title); with an estimate of text widths, since no font is at
//! hand when laying out.
//!
//! Output is deterministic: elements in the order drawn, numbers rounded to one decimal, and
//! every text escaped for XML. Each node is a `<g>` whose `<title>` (the tooltip) names what
//! it stands for.

use super::style::{EdgeStyle, FONT, Line, NodeStyle, Shape};
use std::fmt::Write;

/// The font size of labels, in pixels.
pub const FONT_SIZE: f64 = 12.0;
/// The font size of edge labels.
pub const SMALL_FONT_SIZE: f64 = 10.0;
/// The height of one line of label text.
pub const LINE_HEIGHT: f64 = 15.0;
/// Room between a label and its outline, left and right.
pub const PAD_X: f64 = 8.0;
/// Room between a label and its outline, above and below.
pub const PAD_Y: f64 = 4.0;

/// An estimate of how wide `text` is at `size` pixels in a sans-serif font (Helvetica, Arial,
/// DejaVu Sans), rather over than under: by classes of characters.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | '(' | ')' | '['
            | ']' => 0.32,
            ' ' | 'f' | 't' | 'r' | '"' | '-' | '/' => 0.38,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.92,
            'A'..='Z' => 0.72,
            '0'..='9' => 0.6,
            'a'..='z' | '_' => 0.58,
            c if c.is_ascii() => 0.6,
            // Letters of other scripts, and symbols: about as wide as a capital.
            _ => 0.75,
        })
        .sum();
    em * size
}

/// The size of a box holding the lines of `label`.
pub fn label_size(label: &str) -> (f64, f64) {
    let lines: Vec<&str> = label.split('\n').collect();
    let w = lines
        .iter()
        .map(|l| text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    (
        w + 2.0 * PAD_X,
        lines.len() as f64 * LINE_HEIGHT + 2.0 * PAD_Y,
    )
}

/// A rectangle: top-left corner and size.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// The vertical middle.
    pub fn mid_y(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// How a node's text is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Centred in the box.
    Centre,
    /// From the left, with the padding.
    Left,
}

/// An SVG being drawn.
pub struct Canvas {
    body: String,
    width: f64,
    height: f64,
    markers: Vec<&'static str>,
}

fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Escapes text for XML content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Not allowed in XML 1.0 at all: shown as the replacement character.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn dash(line: Line) -> &'static str {
    match line {
        Line::Solid => "",
        Line::Dashed => " stroke-dasharray=\"6,3\"",
        Line::Dotted => " stroke-dasharray=\"2,3\"",
    }
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas::new()
    }
}

impl Canvas {
    /// An empty canvas.
    pub fn new() -> Canvas {
        Canvas {
            body: String::new(),
            width: 0.0,
            height: 0.0,
            markers: Vec::new(),
        }
    }

    fn grow(&mut self, r: Rect) {
        self.width = self.width.max(r.right());
        self.height = self.height.max(r.bottom());
    }

    /// Lines of text from `(x, y)` (the top of the first line), centred on `x` or starting
    /// there.
    fn text(&mut self, x: f64, y: f64, label: &str, size: f64, anchor: &str, color: &str) {
        let _ = write!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{color}\">",
            num(x),
            num(y),
            num(size)
        );
        for (i, line) in label.split('\n').enumerate() {
            let _ = write!(
                self.body,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                num(x),
                num(if i == 0 { size } else { LINE_HEIGHT }),
                xml(line)
            );
        }
        self.body.push_str("</text>\n");
    }

    /// A node: its outline in `style` filling `r`, its label inside, `title` as its tooltip.
    pub fn node(&mut self, r: Rect, label: &str, style: NodeStyle, align: Align, title: &str) {
        self.grow(r);
        let _ = writeln!(self.body, "<g><title>{}</title>", xml(title));
        let paint = format!(
            "fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"{}",
            style.fill,
            style.border,
            dash(style.line)
        );
        let (x, y, w, h) = (num(r.x), num(r.y), num(r.w), num(r.h));
        match style.shape {
            Shape::Box => {
                let _ = writeln!(
                    self.body,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" {paint}/>"
                );
            }
            Shape::Rounded => {
                let _ = writeln!(
                    self.body,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" {paint}/>"
                );
            }
            Shape::Ellipse => {
                // A stadium: an ellipse as wide as a long label would waste the page.
                let _ = writeln!(
                    self.body,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"{}\" {paint}/>",
                    num((r.h / 2.0).min(14.0))
                );
            }
            Shape::Note => {
                let fold = 8.0_f64.min(r.h / 2.0);
                let _ = writeln!(
                    self.body,
                    "<path d=\"M{x},{y} H{} L{},{} V{} H{x} Z\" {paint}/>",
                    num(r.right() - fold),
                    num(r.right()),
                    num(r.y + fold),
                    num(r.bottom())
                );
            }
        }
        let lines = label.split('\n').count() as f64;
        let top = r.mid_y() - lines * LINE_HEIGHT / 2.0 + (LINE_HEIGHT - FONT_SIZE) / 2.0 - 1.0;
        match align {
            Align::Centre => self.text(r.x + r.w / 2.0, top, label, FONT_SIZE, "middle", "#111111"),
            Align::Left => self.text(r.x + PAD_X, top, label, FONT_SIZE, "start", "#111111"),
        }
        self.body.push_str("</g>\n");
    }

    /// A panel: a rounded frame with a title row of its own.
    pub fn panel(&mut self, r: Rect, fill: &str, border: &str) {
        self.grow(r);
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"{fill}\" \
             stroke=\"{border}\" stroke-width=\"1.2\"/>",
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
    }

    fn marker(&mut self, color: &'static str) -> String {
        if !self.markers.contains(&color) {
            self.markers.push(color);
        }
        format!("arrow{}", color.trim_start_matches('#'))
    }

    /// A path (`d`, in SVG path syntax) in `style` with an arrowhead at its end, `title` as
    /// its tooltip.
    pub fn connector(&mut self, d: &str, style: EdgeStyle, arrow: bool, title: &str) {
        let end = if arrow {
            format!(" marker-end=\"url(#{})\"", self.marker(style.color))
        } else {
            String::new()
        };
        let _ = writeln!(
            self.body,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\" \
             stroke-opacity=\"0.75\"{}{end}><title>{}</title></path>",
            style.color,
            dash(style.line),
            xml(title)
        );
    }

    /// A small label at `(x, y)` (its baseline), starting there or centred on it.
    pub fn small_label(&mut self, x: f64, y: f64, text: &str, color: &str, centred: bool) {
        let w = text_width(text, SMALL_FONT_SIZE);
        let left = if centred { x - w / 2.0 } else { x };
        // A halo of the background keeps the label readable over lines.
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>",
            num(left - 1.0),
            num(y - SMALL_FONT_SIZE),
            num(w + 2.0),
            num(SMALL_FONT_SIZE + 3.0)
        );
        self.text(
            x,
            y - SMALL_FONT_SIZE,
            text,
            SMALL_FONT_SIZE,
            if centred { "middle" } else { "start" },
            color,
        );
        self.grow(Rect {
            x: left,
            y: y - SMALL_FONT_SIZE,
            w,
            h: SMALL_FONT_SIZE,
        });
    }

    /// A line of text in bold, from `(x, y)` (its top).
    pub fn heading(&mut self, x: f64, y: f64, text: &str) {
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"#111111\"><tspan>{}</tspan></text>",
            num(x),
            num(y + FONT_SIZE),
            num(FONT_SIZE),
            xml(text)
        );
        self.grow(Rect {
            x,
            y,
            w: text_width(text, FONT_SIZE) * 1.1,
            h: LINE_HEIGHT,
        });
    }

    /// The finished SVG, with a margin around the drawing.
    pub fn finish(self, margin: f64) -> String {
        let (w, h) = (self.width + margin, self.height + margin);
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
             <svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" \
             xmlns=\"http://www.w3.org/2000/svg\" font-family=\"{FONT}, Arial, sans-serif\">\n",
            num(w),
            num(h),
            num(w),
            num(h)
        );
        out.push_str("<defs>\n");
        for c in &self.markers {
            let _ = writeln!(
                out,
                "<marker id=\"arrow{}\" markerWidth=\"8\" markerHeight=\"6\" refX=\"8\" refY=\"3\" \
                 orient=\"auto\" markerUnits=\"userSpaceOnUse\"><path d=\"M0,0 L8,3 L0,6 Z\" \
                 fill=\"{c}\"/></marker>",
                c.trim_start_matches('#')
            );
        }
        out.push_str("</defs>\n");
        let _ = writeln!(
            out,
            "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
            num(w),
            num(h)
        );
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }

    /// The size of the drawing so far.
    pub fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }
}

/// `M x1,y1 C …`: a Bézier from `(x1, y1)` to `(x2, y2)` leaving and arriving horizontally,
/// bent by `bend` pixels (towards +x at the start and -x at the end; negative for a path
/// going right to left).
pub fn curve(x1: f64, y1: f64, x2: f64, y2: f64, bend: f64) -> String {
    format!(
        "M{},{} C{},{} {},{} {},{}",
        num(x1),
        num(y1),
        num(x1 + bend),
        num(y1),
        num(x2 - bend),
        num(y2),
        num(x2),
        num(y2)
    )
}

/// The point at `t` along [`curve`]'s Bézier.
pub fn curve_point(x1: f64, y1: f64, x2: f64, y2: f64, bend: f64, t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (c1x, c2x) = (x1 + bend, x2 - bend);
    let x = u * u * u * x1 + 3.0 * u * u * t * c1x + 3.0 * u * t * t * c2x + t * t * t * x2;
    let y = u * u * u * y1 + 3.0 * u * u * t * y1 + 3.0 * u * t * t * y2 + t * t * t * y2;
    (x, y)
}

/// A number as it is written into the SVG.
pub fn n(x: f64) -> String {
    num(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_widths_grow_with_the_text_and_its_letters() {
        assert!(text_width("mmmm", 12.0) > text_width("iiii", 12.0));
        assert!(text_width("Russia and China", 12.0) > text_width("Russia", 12.0));
        assert_eq!(text_width("", 12.0), 0.0);
    }

    #[test]
    fn text_is_escaped_and_the_svg_is_well_formed() {
        let mut c = Canvas::new();
        let style = NodeStyle {
            shape: Shape::Note,
            fill: "#ffffff",
            border: "#333333",
            line: Line::Dashed,
        };
        let (w, h) = label_size("a < b & \"c\"\nline\u{0}two");
        c.node(
            Rect {
                x: 5.0,
                y: 5.0,
                w,
                h,
            },
            "a < b & \"c\"\nline\u{0}two",
            style,
            Align::Left,
            "<t>",
        );
        c.connector(
            &curve(0.0, 0.0, 50.0, 20.0, 10.0),
            EdgeStyle {
                color: "#333333",
                line: Line::Dotted,
            },
            true,
            "e",
        );
        c.small_label(10.0, 10.0, "x&y", "#333333", true);
        let svg = c.finish(10.0);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("tspan"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(texts, ["a < b & \"c\"", "line\u{fffd}two", "x&y"]);
    }

    #[test]
    fn the_curve_point_runs_from_start_to_end() {
        assert_eq!(curve_point(0.0, 0.0, 10.0, 20.0, 5.0, 0.0), (0.0, 0.0));
        assert_eq!(curve_point(0.0, 0.0, 10.0, 20.0, 5.0, 1.0), (10.0, 20.0));
    }
}
