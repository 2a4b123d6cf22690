"""datalog-conformance evaluator that runs the real `factlog` binary.

The suite's programs (`datalog_conformance.schema.Program`) are facts given as YAML scalars plus
rules as text in a Soufflé-like dialect: no `.decl`s, `not` for negation, identifiers as
variables, quoted strings and integers as constants, and sometimes no final `.`. This module
translates one into a Soufflé program for `factlog run`:

- every relation gets a `.decl`, its arity from its first occurrence (facts first, then rules)
  and its column types (`number` or `symbol`) inferred by unifying columns through shared
  variables: integer facts, integer literals and arithmetic make a column `number`, strings
  make it `symbol`, and anything left open is `symbol`;
- the facts become Soufflé facts in the program text, so the engine itself checks them (arity,
  types) as it would any program;
- each rule is passed through token by token, keeping its text as written (the engine parses
  the expressions), except `not` → `!` and a final `.` where one is missing;
- two pieces of the dialect's meaning that Soufflé spells differently are made explicit (see
  `_translate_rule` and `_dead_constant`): a variable occurring only inside one negated atom is
  existential there (Nemo's reading; `_` or an auxiliary relation in Soufflé), and a rule whose
  positive body atom holds a constant of the other kind than its column's facts (the string
  "6" against integer facts: values are dynamically typed) can never fire and is left out,
  as a `//` comment, instead of making the program ill-typed;
- every relation gets an `.output`; factlog writes `R.csv` (tab-separated) into a temporary
  `-D` directory and the rows are read back, `number` columns as `int`.

factlog exits with 2 and prints diagnostics (`--diagnostics json`, one object a line on
stderr) when it refuses a program. The first error becomes an exception whose class and `code`
carry the names the suite's `expect_error` uses (the runner accepts either): see
`ERROR_CLASSES` and `_suite_code`.

The binary is `$FACTLOG_BIN`, by default `target/debug/factlog` in the repository;
`$FACTLOG_ENGINE` (compiled|runtime|naive) picks `--engine`, by default factlog's own default.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datalog_conformance.schema import Model, Program

REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_SECONDS = 300


# --- errors -----------------------------------------------------------------------------------


class FactlogError(Exception):
    """factlog refused the program (exit code 2). `code` is the suite's name for the error."""

    def __init__(self, code: str, factlog_code: str, message: str, stderr: str) -> None:
        super().__init__(f"{factlog_code} ({code}): {message}")
        self.code = code
        self.factlog_code = factlog_code
        self.message = message
        self.stderr = stderr


class SyntaxError_(FactlogError):  # noqa: N801 - not Python's SyntaxError
    pass


class ArityMismatchError(FactlogError):
    pass


class TypeMismatchError(FactlogError):
    pass


class SafetyViolationError(FactlogError):
    """A variable not bound by a positive atom (E0304): the head's, a comparison's, a negated
    atom's, or `_` where a value is needed."""


class CyclicNegationError(FactlogError):
    pass


class FactlogRuntimeError(FactlogError):
    pass


class FactlogCrash(RuntimeError):
    """factlog ended in a way a refusal never does (a panic, a signal, an unexpected code)."""


class TranslationError(ValueError):
    """The case uses a piece of the suite's dialect this adapter cannot translate."""


# factlog's diagnostic code -> (exception class, the suite's error name)
ERROR_CLASSES: dict[str, tuple[type[FactlogError], str]] = {
    "E0001": (SyntaxError_, "syntax_error"),
    "E0301": (FactlogError, "undeclared_relation"),
    "E0302": (ArityMismatchError, "arity_mismatch"),
    "E0303": (TypeMismatchError, "type_mismatch"),
    "E0304": (SafetyViolationError, "unbound_variable"),
    "E0305": (CyclicNegationError, "cyclic_negation"),
    "E0306": (FactlogError, "bad_declaration"),
    "E0320": (FactlogRuntimeError, "division_by_zero"),
}


def _suite_code(factlog_code: str, message: str) -> str:
    """The suite's name for one diagnostic. E0304 covers every groundedness check; an ungrounded
    *named* variable (factlog's message starts "ungrounded variable") is `unbound_variable`,
    anything else it reports (`_` in a head) is one of the `safety_violations`; all of them are
    a `SafetyViolationError`."""
    _, name = ERROR_CLASSES.get(factlog_code, (FactlogError, factlog_code))
    if factlog_code == "E0304" and not message.startswith("ungrounded variable"):
        return "safety_violations"
    return name


def _error_from(stderr: str) -> FactlogError | None:
    for line in stderr.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            diag = json.loads(line)
        except json.JSONDecodeError:
            continue
        if diag.get("severity") != "error":
            continue
        factlog_code = str(diag.get("code", ""))
        message = str(diag.get("message", ""))
        cls, _ = ERROR_CLASSES.get(factlog_code, (FactlogError, factlog_code))
        return cls(_suite_code(factlog_code, message), factlog_code, message, stderr)
    return None


# --- the dialect: tokens ----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|\#[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>:-|<=|>=|!=|[(),.=<>+\-*/%!^])
    """,
    re.VERBOSE,
)

CMP_OPS = ("=", "!=", "<", "<=", ">", ">=")
ARITH_OPS = ("+", "-", "*", "/", "%", "^")


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str
    text: str


def _tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise TranslationError(f"cannot read {text[pos:pos + 20]!r} in rule {text!r}")
        toks.append(Tok(m.lastgroup or "", m.group()))
        pos = m.end()
    return toks


# --- the dialect: rules -----------------------------------------------------------------------

# A term, with the index of its token for variables and constants:
# ("var", name, i) | ("wild", i) | ("num", i) | ("str", i) | ("op", [terms]) | ("paren", term)
# | ("cmp", (term, term)) for a parenthesized constraint.
Term = tuple[Any, ...]


@dataclass(slots=True)
class Atom:
    relation: str
    args: list[Term]
    start: int  # index of the relation name's token
    end: int  # one past the closing parenthesis


@dataclass(slots=True)
class Literal:
    kind: str  # "pos", "neg" or "cmp"
    atom: Atom | None = None
    not_token: int | None = None  # the `not` (or `!`) of a "neg"
    sides: tuple[Term, Term] | None = None  # of a "cmp"


class Rule:
    """One rule of the suite's dialect: its tokens (white space and comments dropped, with
    whether a space followed each) and its structure."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[Tok] = []
        self.space_after: list[bool] = []
        for t in _tokenize(text):
            if t.kind in ("ws", "comment"):
                if self.space_after:
                    self.space_after[-1] = True
                continue
            self.toks.append(t)
            self.space_after.append(False)
        self.pos = 0
        self.heads, self.body = self._rule()

    # parsing

    def _peek(self, offset: int = 0) -> Tok | None:
        i = self.pos + offset
        return self.toks[i] if i < len(self.toks) else None

    def _take(self) -> Tok:
        t = self._peek()
        if t is None:
            raise TranslationError(f"unexpected end of rule {self.text!r}")
        self.pos += 1
        return t

    def _expect(self, text: str) -> None:
        t = self._take()
        if t.text != text:
            raise TranslationError(f"expected {text!r}, found {t.text!r} in {self.text!r}")

    def _at(self, *texts: str) -> bool:
        t = self._peek()
        return t is not None and t.text in texts

    def _rule(self) -> tuple[list[Atom], list[Literal]]:
        heads = [self._atom()]
        while self._at(","):
            self._take()
            heads.append(self._atom())
        body: list[Literal] = []
        if self._at(":-"):
            self._take()
            body.append(self._literal())
            while self._at(","):
                self._take()
                body.append(self._literal())
        if self._at("."):
            self._take()
        if (t := self._peek()) is not None:
            raise TranslationError(f"unexpected {t.text!r} in {self.text!r}")
        return heads, body

    def _atom(self) -> Atom:
        start = self.pos
        name = self._take()
        if name.kind != "ident":
            raise TranslationError(f"expected a relation, found {name.text!r} in {self.text!r}")
        self._expect("(")
        args: list[Term] = []
        if not self._at(")"):
            args.append(self._expr())
            while self._at(","):
                self._take()
                args.append(self._expr())
        self._expect(")")
        return Atom(name.text, args, start, self.pos)

    def _literal(self) -> Literal:
        t, nxt = self._peek(), self._peek(1)
        if t is not None and t.text in ("not", "!") and nxt is not None and nxt.kind == "ident":
            not_token = self.pos
            self._take()
            return Literal("neg", atom=self._atom(), not_token=not_token)
        if t is not None and t.kind == "ident" and nxt is not None and nxt.text == "(":
            return Literal("pos", atom=self._atom())
        left = self._expr()
        if self._at(*CMP_OPS):
            self._take()
            return Literal("cmp", sides=(left, self._expr()))
        if left[0] == "paren" and left[1][0] == "cmp":  # `(n <= 25)`
            return Literal("cmp", sides=left[1][1])
        raise TranslationError(f"cannot read a body literal in {self.text!r}")

    def _expr(self) -> Term:
        parts = [self._unary()]
        while self._at(*ARITH_OPS):
            self._take()
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else ("op", parts)

    def _unary(self) -> Term:
        if self._at("-"):
            self._take()
            return ("op", [self._unary()])
        return self._primary()

    def _primary(self) -> Term:
        i = self.pos
        t = self._take()
        if t.kind == "number":
            return ("num", i)
        if t.kind == "string":
            return ("str", i)
        if t.kind == "ident":
            if self._at("("):
                raise TranslationError(f"functor {t.text}(...) in {self.text!r}")
            return ("wild", i) if t.text == "_" else ("var", t.text, i)
        if t.text == "(":
            inner = self._expr()
            if self._at(*CMP_OPS):
                self._take()
                right = self._expr()
                self._expect(")")
                return ("paren", ("cmp", (inner, right)))
            self._expect(")")
            return ("paren", inner)
        raise TranslationError(f"unexpected {t.text!r} in {self.text!r}")

    # rendering

    def render(self, replace: dict[int, str]) -> str:
        """The rule's tokens as written, each `i` in `replace` by `replace[i]` (an empty string
        drops the token and the space after it), ended by a `.`."""
        out: list[str] = []
        for i, t in enumerate(self.toks):
            text = replace.get(i, t.text)
            if text:
                spaced = self.space_after[i] and text != "!"
                out.append(text + (" " if spaced else ""))
        rule = "".join(out).rstrip()
        return rule if rule.endswith(".") else rule + "."

    def atom_text(self, atom: Atom) -> str:
        parts = []
        for i in range(atom.start, atom.end):
            parts.append(self.toks[i].text + (" " if self.space_after[i] else ""))
        return "".join(parts).rstrip()


def _vars(term: Term) -> list[tuple[str, int]]:
    """(name, token index) of every variable in the term."""
    tag = term[0]
    if tag == "var":
        return [(term[1], term[2])]
    if tag == "op":
        return [v for part in term[1] for v in _vars(part)]
    if tag == "paren":
        return _vars(term[1])
    if tag == "cmp":
        return _vars(term[1][0]) + _vars(term[1][1])
    return []


def _strip(term: Term) -> Term:
    while term[0] == "paren":
        term = term[1]
    return term


def _term_kind(term: Term) -> str | None:
    return {"num": "number", "str": "symbol", "op": "number"}.get(_strip(term)[0])


@dataclass(slots=True)
class Translated:
    """One rule for factlog: its text, and the atoms whose columns it types (with the rule's
    variables named ("var", rule number, name))."""

    text: str
    atoms: list[Atom]
    extra: list[str]  # auxiliary rules
    aux_atoms: list[tuple[str, list[str]]]  # (aux relation, its variables), typed by the rule
    cmps: list[tuple[Term, Term]]  # the comparisons' sides


def _translate_rule(rule: Rule, number: int) -> Translated:
    """`not` → `!`, a final `.`, and the existential variables of a negated atom made explicit.

    In the suite's dialect (Nemo's), a variable that occurs in a negated atom and nowhere else
    in the rule is quantified inside the negation: `not s3(X, 5, P)` holds when no `P` makes
    `s3(X, 5, P)` true. In Soufflé such a variable is ungrounded (an error). So each such
    variable occurring once becomes `_` (the same meaning in Soufflé), and a negated atom where
    one occurs more than once (`not s3(X, P, P)`) becomes a negated auxiliary relation over the
    atom's other variables, `__neg<rule>_<k>(X) :- s3(X, P, P).`
    """
    replace: dict[int, str] = {}
    occurrences: dict[str, list[tuple[int, int | None]]] = {}  # name -> (token, literal or None)

    def note(term: Term, literal: int | None) -> None:
        for name, i in _vars(term):
            occurrences.setdefault(name, []).append((i, literal))

    for head in rule.heads:
        for arg in head.args:
            note(arg, None)
    for k, lit in enumerate(rule.body):
        if lit.atom is not None:
            for arg in lit.atom.args:
                note(arg, k)
        elif lit.sides is not None:
            note(lit.sides[0], k)
            note(lit.sides[1], k)

    extra: list[str] = []
    aux_atoms: list[tuple[str, list[str]]] = []
    kept_atoms: list[Atom] = list(rule.heads)
    for k, lit in enumerate(rule.body):
        if lit.kind == "pos" and lit.atom is not None:
            kept_atoms.append(lit.atom)
        if lit.kind != "neg" or lit.atom is None or lit.not_token is None:
            continue
        replace[lit.not_token] = "!"
        local = {
            name
            for name, occ in occurrences.items()
            if all(where == k for _, where in occ)
        }
        if not local:
            kept_atoms.append(lit.atom)
            continue
        in_expression = any(
            _strip(arg)[0] != "var" and any(name in local for name, _ in _vars(arg))
            for arg in lit.atom.args
        )
        if in_expression:
            raise TranslationError(f"an existential variable inside an expression in {rule.text!r}")
        if all(len(occurrences[name]) == 1 for name in local):
            for name in local:
                replace[occurrences[name][0][0]] = "_"
            kept_atoms.append(lit.atom)
            continue
        aux = f"__neg{number}_{k}"
        outer: list[str] = []
        for arg in lit.atom.args:
            for name, _ in _vars(arg):
                if name not in local and name not in outer:
                    outer.append(name)
        call = f"{aux}({', '.join(outer)})"
        replace[lit.atom.start] = call
        for i in range(lit.atom.start + 1, lit.atom.end):
            replace[i] = ""
        extra.append(f"{call} :- {rule.atom_text(lit.atom)}.")
        aux_atoms.append((aux, outer))
        kept_atoms.append(lit.atom)  # its columns are typed through the auxiliary rule
    cmps = [lit.sides for lit in rule.body if lit.sides is not None]
    return Translated(rule.render(replace), kept_atoms, extra, aux_atoms, cmps)


# --- types ------------------------------------------------------------------------------------


class _Types:
    """Union-find over relation columns and rule variables, each class with the kinds its facts
    (`data`) and its rules' constants and arithmetic (`rules`) give it."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}
        self.data: dict[Any, set[str]] = {}
        self.rules: dict[Any, set[str]] = {}

    def find(self, x: Any) -> Any:
        if x not in self.parent:
            self.parent[x] = x
            self.data[x] = set()
            self.rules[x] = set()
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.data[ra] |= self.data.pop(rb)
            self.rules[ra] |= self.rules.pop(rb)

    def mark(self, x: Any, kind: str, *, data: bool = False) -> None:
        (self.data if data else self.rules)[self.find(x)].add(kind)

    def kind(self, x: Any) -> str:
        """The facts' kind when they agree (they hold the values), else the rules'; `symbol`
        when nothing says (or when they disagree: the engine then reports the mismatch)."""
        r = self.find(x)
        for kinds in (self.data[r], self.rules[r]):
            if len(kinds) == 1:
                return next(iter(kinds))
            if kinds:
                return "symbol"
        return "symbol"


def _type_rule(types: _Types, n: int, tr: Translated) -> None:
    for atom in tr.atoms:
        for i, arg in enumerate(atom.args):
            col = ("col", atom.relation, i)
            stripped = _strip(arg)
            if stripped[0] == "var":
                types.union(col, ("var", n, stripped[1]))
            elif (kind := _term_kind(arg)) is not None:
                types.mark(col, kind)
            if stripped[0] == "op":
                for v, _ in _vars(arg):
                    types.mark(("var", n, v), "number")
    for aux, names in tr.aux_atoms:
        for i, name in enumerate(names):
            types.union(("col", aux, i), ("var", n, name))
    for sides in tr.cmps:
        left, right = (_strip(t) for t in sides)
        if left[0] == "var" and right[0] == "var":
            types.union(("var", n, left[1]), ("var", n, right[1]))
        for a, b in ((left, right), (right, left)):
            if a[0] == "var" and (kind := _term_kind(b)) is not None:
                types.mark(("var", n, a[1]), kind)
            if a[0] == "op":
                for v, _ in _vars(a):
                    types.mark(("var", n, v), "number")


def _dead_constant(types: _Types, tr: Translated) -> str | None:
    """Why the rule can never fire, if it cannot: a positive body atom holds a constant of the
    other kind than the facts of its column (the suite's values are dynamically typed: the
    string "6" never equals the integer 6)."""
    for atom in tr.atoms[1:]:
        for i, arg in enumerate(atom.args):
            const = _term_kind(arg) if _strip(arg)[0] in ("num", "str") else None
            if const is None:
                continue
            root = types.find(("col", atom.relation, i))
            data = types.data[root]
            if len(data) == 1 and const not in data:
                return f"column {i} of {atom.relation} holds {next(iter(data))} values, not a {const}"
    return None


# --- the program ------------------------------------------------------------------------------


def _fact_literal(value: object) -> tuple[str, str]:
    if isinstance(value, bool):
        raise TranslationError(f"boolean fact value {value!r}")
    if isinstance(value, int):
        return str(value), "number"
    if isinstance(value, float):
        return repr(value), "float"
    if isinstance(value, str):
        if any(c in value for c in "\t\n\r"):
            raise TranslationError(f"a tab or newline in symbol {value!r}")
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"', "symbol"
    raise TranslationError(f"fact value {value!r} of type {type(value).__name__}")


def translate(program: Program) -> tuple[str, dict[str, list[str]]]:
    """The Soufflé program for factlog and each declared relation's column types."""
    arity: dict[str, int] = {}
    fact_lines: list[str] = []
    fact_kinds: list[tuple[str, int, str]] = []
    for relation, rows in program.facts.items():
        for row in rows:
            arity.setdefault(relation, len(row))
            literals = []
            for i, value in enumerate(row):
                text, kind = _fact_literal(value)
                literals.append(text)
                fact_kinds.append((relation, i, kind))
            fact_lines.append(f"{relation}({', '.join(literals)}).")

    rules: list[tuple[Rule, Translated]] = []
    for n, text in enumerate(program.rules):
        rule = Rule(text)
        tr = _translate_rule(rule, n)
        rules.append((rule, tr))
        for atom in rule.heads + [lit.atom for lit in rule.body if lit.atom is not None]:
            arity.setdefault(atom.relation, len(atom.args))
        for aux, names in tr.aux_atoms:
            arity.setdefault(aux, len(names))

    # Type the columns; drop the rules that can never fire, and type again without them.
    dropped: dict[int, str] = {}
    while True:
        types = _Types()
        for relation, i, kind in fact_kinds:
            types.mark(("col", relation, i), kind, data=True)
        for n, (_, tr) in enumerate(rules):
            if n not in dropped:
                _type_rule(types, n, tr)
        newly = {
            n: why
            for n, (_, tr) in enumerate(rules)
            if n not in dropped and (why := _dead_constant(types, tr)) is not None
        }
        if not newly:
            break
        dropped.update(newly)

    columns = {
        relation: [types.kind(("col", relation, i)) for i in range(k)]
        for relation, k in arity.items()
    }
    decls = [
        f".decl {relation}({', '.join(f'c{i}: {t}' for i, t in enumerate(cols))})"
        for relation, cols in columns.items()
    ]
    rule_lines: list[str] = []
    for n, (rule, tr) in enumerate(rules):
        if n in dropped:
            rule_lines.append(f"// never fires ({dropped[n]}): {rule.text.strip()}")
            continue
        rule_lines.append(tr.text)
        rule_lines.extend(tr.extra)
    outputs = [f".output {relation}" for relation in columns if not relation.startswith("__")]
    text = "\n".join([*decls, "", *fact_lines, "", *rule_lines, "", *outputs, ""])
    return text, {r: c for r, c in columns.items() if not r.startswith("__")}


def _parse_value(text: str, kind: str) -> object:
    if kind == "number":
        return int(text)
    if kind == "float":
        return float(text)
    return text


_MODELS: dict[tuple[str, str | None, str], dict[str, set[tuple[object, ...]]]] = {}


class FactlogEvaluator:
    """`evaluate(program) -> Model` through `factlog run PROG.dl -D OUT`."""

    def __init__(self) -> None:
        self.binary = Path(os.environ.get("FACTLOG_BIN", REPO / "target" / "debug" / "factlog"))
        if not self.binary.is_absolute():
            self.binary = REPO / self.binary
        self.engine = os.environ.get("FACTLOG_ENGINE")

    def evaluate(self, program: Program) -> Model:
        text, columns = translate(program)
        # Several cases check different relations of one program (lubm has 20): the model of
        # a program text is computed once per session.
        key = (str(self.binary), self.engine, text)
        if key not in _MODELS:
            _MODELS[key] = self._run(text, columns)
        return Model(facts={r: set(rows) for r, rows in _MODELS[key].items()})

    def _run(self, text: str, columns: dict[str, list[str]]) -> dict[str, set[tuple[object, ...]]]:
        with tempfile.TemporaryDirectory(prefix="factlog-conformance-") as tmp:
            prog = Path(tmp) / "case.dl"
            prog.write_text(text, encoding="utf-8")
            out = Path(tmp) / "out"
            out.mkdir()
            cmd = [str(self.binary), "run", str(prog), "-F", tmp, "-D", str(out)]
            cmd += ["--diagnostics", "json"]
            if self.engine:
                cmd += ["--engine", self.engine]
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False
            )
            if proc.returncode == 2:
                error = _error_from(proc.stderr)
                if error is not None:
                    raise error
            if proc.returncode != 0:
                raise FactlogCrash(
                    f"factlog exited with {proc.returncode}: {proc.stderr.strip()[:2000]}"
                )
            facts: dict[str, set[tuple[object, ...]]] = {}
            for relation, kinds in columns.items():
                path = out / f"{relation}.csv"
                if not path.exists():
                    raise FactlogCrash(f"factlog wrote no {path.name}")
                rows: set[tuple[object, ...]] = set()
                for line in path.read_text(encoding="utf-8").splitlines():
                    values = line.split("\t") if kinds else []
                    if len(values) != len(kinds):
                        raise FactlogCrash(f"{path.name}: row {line!r} has not {len(kinds)} columns")
                    rows.add(tuple(_parse_value(v, k) for v, k in zip(values, kinds)))
                facts[relation] = rows
            return facts
