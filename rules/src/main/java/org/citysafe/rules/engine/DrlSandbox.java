package org.citysafe.rules.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.BlockStmt;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.kie.internal.builder.conf.LanguageLevelOption;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether authored DRL may be compiled at all. Authored rules are untrusted input, and DRL conditions and
 * consequences are code: this sandbox <em>allows</em> what is on the {@link AllowList} and refuses everything else,
 * each refusal naming the construct, its line and its column.
 *
 * <p>It decides on the parsed form, not the text. The DRL is parsed as Drools parses it ({@link DrlParser}); each
 * constraint is split as Drools splits it ({@link DrlExprParser}); then every piece of code the engine will compile
 * (consequences, constraint atoms and bindings, {@code eval}, {@code from}, accumulate arguments, function bodies) is
 * parsed as Java and resolved by {@link AuthoredCode}: each name must resolve to a binding, a local variable, a
 * function of the package or an allowed type, and each call, constructor, field and property to an allowed member.
 * What cannot be parsed, or resolves to nothing, is refused too.
 *
 * <p>Of the DRL language itself authored rules may use: imports of allowed types, functions (which may not call
 * functions), rules with the attributes {@code salience} (a number), {@code no-loop}, {@code lock-on-active},
 * {@code activation-group}, {@code agenda-group} and {@code dialect "java"}, the metadata {@code @id},
 * {@code @nameZh}, {@code @nameEn}, {@code @description}, and the conditions {@code and}, {@code or}, {@code not},
 * {@code exists}, {@code forall}, {@code eval}, patterns with {@code from} and accumulate with
 * {@code count/sum/min/max/average}. Not globals, queries, declared types, windows, entry points, timers, the MVEL
 * dialect or static imports. Loops and recursion are not there to be refused one by one: no loop statement is on the
 * list, and a function may not call a function.
 *
 * <p>What the list cannot bound statically (a self-triggering rule firing without end), {@link RuleSet} bounds when
 * it runs: a decision stops after a set number of firings or a time budget.
 */
public final class DrlSandbox {

    /** java.lang types code may name without an import (those on the allow-list). */
    private static final List<Class<?>> JAVA_LANG = List.of(String.class, Math.class, Integer.class, Long.class,
            Short.class, Byte.class, Double.class, Float.class, Boolean.class, Character.class, Number.class,
            Object.class, CharSequence.class, Comparable.class, Enum.class, Iterable.class);

    private static final Set<String> RULE_ATTRIBUTES = Set.of("salience", "no-loop", "lock-on-active",
            "activation-group", "agenda-group", "dialect");
    private static final Set<String> RULE_METADATA = Set.of("id", "nameZh", "nameEn", "description");
    private static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=");
    private static final Set<String> ACCUMULATE_FUNCTIONS = Set.of("count", "sum", "min", "max", "average");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}");
    private static final Pattern PARSER_POSITION = Pattern.compile("[Ll]ine (\\d+):(\\d+)");
    private static final Pattern MODIFY = Pattern.compile("\\b(modify|update|with)\\s*\\(");
    private static final String WHERE = "; authored rules may use the fact model, Level, and the vetted parts of "
            + "java.lang, java.time, java.math and java.util listed in docs/SECURITY.md";

    private DrlSandbox() {
    }

    /** Problems of every source; empty when all may be compiled. */
    public static List<CompilationProblem> check(Collection<RuleSource> sources) {
        List<CompilationProblem> problems = new ArrayList<>();
        for (RuleSource s : sources) problems.addAll(check(s));
        return problems;
    }

    /** Problems of one DRL file, in the order they appear; empty when it may be compiled. */
    public static List<CompilationProblem> check(RuleSource source) {
        return new Check(source).run();
    }

    /** One pass over one file. */
    private static final class Check {

        private final RuleSource source;
        private final String text;
        private final int[] lineStarts;
        private final List<CompilationProblem> problems = new ArrayList<>();
        private final JavaParser java = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setAttributeComments(false));
        private final Map<String, Class<?>> types = new HashMap<>();
        private final Map<String, AuthoredCode.Function> functions = new HashMap<>();
        /** Where the rule (or function) being checked starts: the place to point at when a part has no position. */
        private int enclosing;

        Check(RuleSource source) {
            this.source = source;
            this.text = source.drl() == null ? "" : source.drl();
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
            this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
            for (Class<?> c : JAVA_LANG) types.put(c.getSimpleName(), c);
        }

        List<CompilationProblem> run() {
            escapes();
            PackageDescr p = parse();
            if (p != null) {
                packageLevel(p);
                for (FunctionDescr f : p.getFunctions()) function(f);
                for (RuleDescr r : p.getRules()) rule(r);
            }
            problems.sort(Comparator.comparingInt(CompilationProblem::line).thenComparingInt(CompilationProblem::column));
            return List.copyOf(problems);
        }

        /** Java decodes unicode escapes before it reads anything else, so one could turn a string into code. */
        private void escapes() {
            for (int i = text.indexOf("\\u"); i >= 0; i = text.indexOf("\\u", i + 2)) {
                refuse(i, "Refused: the unicode escape " + text.substring(i, Math.min(text.length(), i + 6))
                        + " (Java decodes it before compiling, so it could hide code); write the character itself");
            }
        }

        private PackageDescr parse() {
            DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
            PackageDescr p;
            try {
                p = parser.parse(false, text);
            } catch (DroolsParserException | RuntimeException e) {
                add(1, 1, "Refused: the DRL cannot be parsed: " + e.getMessage());
                return null;
            }
            if (parser.hasErrors() || p == null) {
                for (DroolsError e : parser.getErrors()) {
                    String message = e.getMessage() == null ? "" : e.getMessage();
                    Matcher at = PARSER_POSITION.matcher(message);
                    int[] lines = e.getLines();
                    int line = at.find() ? Integer.parseInt(at.group(1)) : lines.length > 0 ? lines[0] : 1;
                    int column = at.groupCount() > 1 && at.group(2) != null ? Integer.parseInt(at.group(2)) + 1 : 1;
                    add(Math.max(line, 1), column, "Refused: the DRL cannot be parsed: " + firstLine(message));
                }
                if (problems.isEmpty()) add(1, 1, "Refused: the DRL cannot be parsed");
                return null;
            }
            return p;
        }

        // ---- the package ----------------------------------------------------------------------------------------

        private void packageLevel(PackageDescr p) {
            for (ImportDescr i : p.getImports()) {
                String target = i.getTarget() == null ? "" : i.getTarget();
                if (target.endsWith(".*")) {
                    refuse(i, "Refused: the wildcard import " + target + "; import each type by name" + WHERE);
                    continue;
                }
                Class<?> c = load(target);
                if (c == null || !AllowList.type(c)) {
                    refuse(i, "Refused: import " + target + " is not on the allow-list" + WHERE);
                } else {
                    types.put(c.getSimpleName(), c);
                }
            }
            p.getFunctionImports().forEach(i -> refuse(i, "Refused: import function/static " + i.getTarget()
                    + "; call allowed static methods by their type (Math.max(...))"));
            p.getAccumulateImports().forEach(i -> refuse(i, "Refused: import accumulate " + i.getTarget()
                    + "; use count, sum, min, max or average"));
            p.getGlobals().forEach(g -> refuse(g, "Refused: global " + g.getType() + " " + g.getIdentifier()
                    + "; this service sets no globals: read numbers from the policy ($o.parameter(...))"));
            p.getClassAndEnumDeclarationDescrs().forEach(t -> refuse(t, "Refused: declare " + t.getTypeName()
                    + "; authored rules match on the fact model and may not declare types"));
            p.getEntryPointDeclarations().forEach(e -> refuse(e, "Refused: declare entry-point "
                    + e.getEntryPointId() + "; facts arrive through the service only"));
            p.getWindowDeclarations().forEach(w -> refuse(w, "Refused: declare window " + w.getName()
                    + "; use the fact model's history methods"));
            for (var a : p.getAttributes()) {
                if (!a.getName().equals("dialect") || !"java".equals(a.getValue())) {
                    refuse(a, "Refused: the package attribute " + a.getName() + " \"" + a.getValue()
                            + "\"; only dialect \"java\" (MVEL is not allowed for authored rules)");
                }
            }
            if (p.getUnit() != null) refuse(p.getUnit(), "Refused: rule units are not on the allow-list");
            for (FunctionDescr f : p.getFunctions()) declare(f);
        }

        /** A class by its canonical name ({@code org.citysafe.rules.engine.History.Sample} too), or null. */
        private Class<?> load(String name) {
            String candidate = name;
            while (true) {
                try {
                    return Class.forName(candidate, false, DrlSandbox.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    int dot = candidate.lastIndexOf('.');
                    if (dot < 0) return null;
                    candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
                }
            }
        }

        private void declare(FunctionDescr f) {
            AuthoredCode types = AuthoredCode.eval(names());
            try {
                Class<?> returns = typeOf(types, f.getReturnType());
                List<Class<?>> params = new ArrayList<>();
                for (String t : f.getParameterTypes()) params.add(typeOf(types, t));
                functions.put(f.getName(), new AuthoredCode.Function(f.getName(), returns, List.copyOf(params)));
            } catch (AuthoredCode.Refusal e) {
                refuse(f, "Refused: function " + f.getName() + ": " + e.getMessage());
            }
        }

        private Class<?> typeOf(AuthoredCode code, String written) {
            var parsed = java.parseType(written == null ? "void" : written.trim());
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                throw new AuthoredCode.Refusal(null, "the type '" + written + "' cannot be read");
            }
            return code.type(parsed.getResult().get());
        }

        private AuthoredCode.Names names() {
            return new AuthoredCode.Names(Map.copyOf(types), Map.copyOf(functions));
        }

        private void function(FunctionDescr f) {
            enclosing = offsetOf(f);
            AuthoredCode.Function declared = functions.get(f.getName());
            if (declared == null) return;
            String body = f.getBody() == null ? "" : f.getBody();
            AuthoredCode code = AuthoredCode.function(names(), declared, f.getParameterNames());
            block("function " + f.getName(), body, f, code);
        }

        // ---- a rule ---------------------------------------------------------------------------------------------

        private void rule(RuleDescr r) {
            enclosing = offsetOf(r);
            if (r.isQuery()) {
                refuse(r, "Refused: query " + r.getName() + "; authored packages hold rules only");
                return;
            }
            for (AttributeDescr a : r.getAttributes().values()) attribute(r, a);
            for (AnnotationDescr a : r.getAnnotations()) {
                if (!RULE_METADATA.contains(a.getName())) {
                    refuse(a, "Refused: the annotation @" + a.getName() + " on rule \"" + r.getName()
                            + "\"; rules carry @id, @nameZh, @nameEn and @description only");
                }
            }
            if (r.getNamedConsequences() != null && !r.getNamedConsequences().isEmpty()) {
                refuse(r, "Refused: named consequences (do[...], then[...]) in rule \"" + r.getName() + "\"");
            }
            AuthoredCode.Names names = names();
            if (r.getLhs() != null) conditions(r.getLhs(), names);
            String consequence = r.getConsequence() == null ? "" : r.getConsequence().toString();
            block("the consequence of \"" + r.getName() + "\"", consequence, r, AuthoredCode.consequence(names));
        }

        private void attribute(RuleDescr r, AttributeDescr a) {
            String name = a.getName();
            String value = a.getValue() == null ? "" : a.getValue().trim();
            if (!RULE_ATTRIBUTES.contains(name)) {
                refuse(a, "Refused: the rule attribute '" + name + "' in \"" + r.getName() + "\"; allowed: "
                        + String.join(", ", RULE_ATTRIBUTES.stream().sorted().toList()));
            } else if (name.equals("dialect") && !value.equals("java")) {
                refuse(a, "Refused: dialect \"" + value + "\"; authored rules are written in the java dialect "
                        + "(MVEL is not allowed)");
            } else if (name.equals("salience") && !NUMBER.matcher(value).matches()) {
                refuse(a, "Refused: salience '" + value + "'; a salience is a whole number");
            }
        }

        private void conditions(BaseDescr d, AuthoredCode.Names names) {
            if (d instanceof AndDescr a) {
                for (BaseDescr c : a.getDescrs()) conditions(c, names);
            } else if (d instanceof OrDescr o) {
                for (BaseDescr c : o.getDescrs()) conditions(c, names);
            } else if (d instanceof NotDescr n) {
                for (BaseDescr c : n.getDescrs()) conditions(c, names);
            } else if (d instanceof ExistsDescr e) {
                for (Object c : e.getDescrs()) conditions((BaseDescr) c, names);
            } else if (d instanceof ForallDescr f) {
                for (BaseDescr c : f.getDescrs()) conditions(c, names);
            } else if (d instanceof PatternDescr p) {
                pattern(p, names);
            } else if (d instanceof EvalDescr e) {
                String content = e.getContent() == null ? "" : e.getContent().toString();
                expression("eval", content, e, ex -> AuthoredCode.eval(names).requireBoolean(ex));
            } else {
                refuse(d, "Refused: the condition element " + d.getClass().getSimpleName().replace("Descr", "")
                        + " is not on the allow-list (and, or, not, exists, forall, eval, patterns, from, "
                        + "accumulate)");
            }
        }

        private void pattern(PatternDescr p, AuthoredCode.Names names) {
            if (p.isQuery()) {
                refuse(p, "Refused: calling the query " + p.getObjectType() + "; queries are not on the allow-list");
                return;
            }
            if (p.getBehaviors() != null && !p.getBehaviors().isEmpty()) {
                refuse(p, "Refused: 'over window' on " + p.getObjectType() + "; use the fact model's history methods");
            }
            Class<?> type = patternType(p);
            if (type == null) return;
            if (p.getSource() != null) {
                if (p.getSource() instanceof FromDescr f) {
                    String from = f.getDataSource() == null ? "" : f.getDataSource().getText();
                    if (from == null) from = "";
                    expression("from", from, f, ex -> {
                        Type t = AuthoredCode.condition(names, null).expression(ex);
                        Class<?> element = AuthoredCode.element(t);
                        if (!type.isAssignableFrom(AuthoredCode.box(element)) && !element.isAssignableFrom(type)) {
                            throw new AuthoredCode.Refusal(ex, "'" + AuthoredCode.text(ex) + "' gives "
                                    + AuthoredCode.name(element) + ", not " + AuthoredCode.name(type));
                        }
                    });
                } else if (p.getSource() instanceof AccumulateDescr a) {
                    accumulate(a, names);
                } else {
                    refuse(p.getSource(), "Refused: '" + sourceWord(p.getSource()) + "' is not on the allow-list "
                            + "(patterns match the service's facts, or 'from' an allowed expression)");
                }
            } else {
                if (p.getIdentifier() != null) names.factBindings.add(p.getIdentifier());
            }
            if (p.getIdentifier() != null) names.bindings.put(p.getIdentifier(), type);
            if (p.getConstraint() != null) {
                for (BaseDescr c : p.getConstraint().getDescrs()) {
                    if (!(c instanceof ExprConstraintDescr e)) {
                        refuse(c, "Refused: the constraint " + c.getText() + " is not on the allow-list");
                    } else if (e.getType() == ExprConstraintDescr.Type.POSITIONAL) {
                        refuse(e, "Refused: the positional constraint '" + e.getExpression() + "'; name the "
                                + "property (value > 10)");
                    } else {
                        constraint(e, type, names);
                    }
                }
            }
        }

        private static String sourceWord(BaseDescr source) {
            String simple = source.getClass().getSimpleName().replace("Descr", "");
            return switch (simple) {
                case "EntryPoint" -> "from entry-point";
                case "Collect" -> "from collect";
                case "WindowReference" -> "from window";
                default -> simple;
            };
        }

        private Class<?> patternType(PatternDescr p) {
            String written = p.getObjectType();
            if (written == null) written = "Object";
            Class<?> c = types.get(written);
            if (c == null && written.contains(".")) c = load(written);
            if (c == null) {
                refuse(p, "Refused: the pattern type '" + written + "' is not an imported type of the allow-list");
                return null;
            }
            if (!AllowList.type(c) || c.isPrimitive()) {
                refuse(p, "Refused: the pattern type " + written + " is not on the allow-list" + WHERE);
                return null;
            }
            return c;
        }

        private void accumulate(AccumulateDescr a, AuthoredCode.Names names) {
            if (!a.isExternalFunction() || a.getInitCode() != null || a.getActionCode() != null) {
                refuse(a, "Refused: accumulate with init/action/result code; use count, sum, min, max or average");
                return;
            }
            if (a.getInput() != null) conditions(a.getInput(), names);
            for (AccumulateDescr.AccumulateFunctionCallDescr f : a.getFunctions()) {
                if (!ACCUMULATE_FUNCTIONS.contains(f.getFunction())) {
                    refuse(a, "Refused: the accumulate function " + f.getFunction() + "; use count, sum, min, max "
                            + "or average");
                    continue;
                }
                for (String param : f.getParams()) {
                    expression("accumulate " + f.getFunction(), param, a,
                            ex -> AuthoredCode.condition(names, null).expression(ex));
                }
                if (f.getBind() != null) {
                    names.bindings.put(f.getBind(), f.getFunction().equals("count") ? Long.class
                            : f.getFunction().equals("average") ? Double.class : Number.class);
                }
            }
        }

        /** One constraint of a pattern, split by Drools into relations of atoms and bindings, each checked. */
        private void constraint(ExprConstraintDescr e, Class<?> type, AuthoredCode.Names names) {
            String expression = e.getExpression() == null ? "" : e.getExpression();
            DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
            ConstraintConnectiveDescr parsed = parser.parse(expression);
            if (parser.hasErrors() || parsed == null) {
                refuse(e, "Refused: the constraint '" + expression + "' cannot be parsed: " + parser.getErrors());
                return;
            }
            connective(parsed, e, expression, type, names, true);
        }

        private void connective(BaseDescr d, ExprConstraintDescr at, String whole, Class<?> type,
                                AuthoredCode.Names names, boolean mustBeBoolean) {
            if (d instanceof ConstraintConnectiveDescr c) {
                String connective = c.getConnective().toString();
                if (!connective.equals("&&") && !connective.equals("||")) {
                    refuse(at, "Refused: the connective '" + connective + "' in '" + whole + "'");
                    return;
                }
                for (BaseDescr child : c.getDescrs()) connective(child, at, whole, type, names, mustBeBoolean);
            } else if (d instanceof RelationalExprDescr r) {
                String op = r.getOperator();
                if (!OPERATORS.contains(op) || r.isNegated() || r.getParameters() != null) {
                    refuse(at, "Refused: the operator '" + (r.isNegated() ? "not " : "") + op + "' in '" + whole
                            + "'; allowed: ==, !=, <, >, <=, >=, in, not in");
                    return;
                }
                connective(r.getLeft(), at, whole, type, names, false);
                connective(r.getRight(), at, whole, type, names, false);
            } else if (d instanceof BindingDescr b) {
                if (b.isUnification()) {
                    refuse(at, "Refused: the unification ':=' in '" + whole + "'");
                    return;
                }
                expression("the binding " + b.getVariable(), b.getExpression(), at, ex -> {
                    Type t = AuthoredCode.condition(names, type).expression(ex);
                    names.bindings.put(b.getVariable(), t);
                });
            } else if (d instanceof AtomicExprDescr a) {
                expression("the constraint", a.getExpression(), at, ex -> {
                    AuthoredCode code = AuthoredCode.condition(names, type);
                    if (mustBeBoolean) code.requireBoolean(ex);
                    else code.expression(ex);
                });
            } else {
                refuse(at, "Refused: '" + whole + "' is not a constraint the sandbox can read");
            }
        }

        // ---- code -----------------------------------------------------------------------------------------------

        private interface ExpressionCheck {
            void check(Expression e);
        }

        private void expression(String what, String code, BaseDescr at, ExpressionCheck check) {
            int base = locate(code, at);
            ParseResult<Expression> parsed = java.parseExpression(code);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                unreadable(what, code, parsed.getProblems(), base, 0);
                return;
            }
            try {
                check.check(parsed.getResult().get());
            } catch (AuthoredCode.Refusal r) {
                refused(r, code, base, 0);
            }
        }

        private void block(String what, String code, BaseDescr at, AuthoredCode checker) {
            int base = locate(code, at);
            String wrapped = "{" + code + "\n}";
            ParseResult<BlockStmt> parsed = java.parseBlock(wrapped);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                if (MODIFY.matcher(code).find()) {
                    var m = MODIFY.matcher(code);
                    m.find();
                    refuse(base + m.start(), "Refused: " + m.group(1) + "(...) in " + what + "; facts are immutable "
                            + "here: insert a Finding (insert(Finding.hazard(kcontext, ...)))");
                    return;
                }
                unreadable(what, code, parsed.getProblems(), base, 1);
                return;
            }
            try {
                checker.block(parsed.getResult().get());
            } catch (AuthoredCode.Refusal r) {
                refused(r, code, base, 1);
            }
        }

        private void unreadable(String what, String code, List<Problem> parserProblems, int base, int prefix) {
            int offset = base;
            String detail = parserProblems.isEmpty() ? "" : parserProblems.get(0).getMessage();
            if (!parserProblems.isEmpty() && parserProblems.get(0).getLocation().isPresent()) {
                var range = parserProblems.get(0).getLocation().get().getBegin().getRange();
                if (range.isPresent()) offset = base + offsetIn(code, range.get().begin, prefix);
            }
            String shown = code.strip().replaceAll("\\s+", " ");
            if (shown.length() > 80) shown = shown.substring(0, 77) + "...";
            refuse(offset, "Refused: " + what + " '" + shown + "' is not Java the sandbox can read ("
                    + firstLine(detail) + ")");
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            String line = nl < 0 ? s : s.substring(0, nl);
            return line.length() > 160 ? line.substring(0, 157) + "..." : line;
        }

        private void refused(AuthoredCode.Refusal r, String code, int base, int prefix) {
            Node node = r.node;
            int offset = base;
            String construct = "";
            if (node != null) {
                construct = AuthoredCode.text(node);
                if (node.getBegin().isPresent()) offset = base + offsetIn(code, node.getBegin().get(), prefix);
            }
            String message = r.getMessage();
            refuse(offset, "Refused: " + (construct.isEmpty() || message.contains(construct) ? "" : "'" + construct
                    + "': ") + message);
        }

        /** The offset in {@code code} of a position in {@code code} wrapped with {@code prefix} characters. */
        private static int offsetIn(String code, Position p, int prefix) {
            int line = 1;
            int i = 0;
            while (line < p.line && i < code.length()) {
                if (code.charAt(i) == '\n') line++;
                i++;
            }
            int column = p.column - 1 - (p.line == 1 ? prefix : 0);
            return Math.max(0, Math.min(code.length(), i + Math.max(column, 0)));
        }

        /** Where a piece of code the parser handed out starts in the file. */
        private int locate(String code, BaseDescr at) {
            int approx = offsetOf(at);
            if (code.isEmpty()) return approx;
            int found = text.indexOf(code, Math.max(0, approx));
            if (found < 0) found = text.indexOf(code);
            return found < 0 ? approx : found;
        }

        private int offsetOf(BaseDescr d) {
            if (d == null) return enclosing;
            if (d.getStartCharacter() >= 0 && d.getStartCharacter() < text.length()) return d.getStartCharacter();
            if (d.getLine() > 0 && d.getLine() <= lineStarts.length) {
                return Math.min(text.length(), lineStarts[d.getLine() - 1] + Math.max(d.getColumn(), 0));
            }
            return enclosing;
        }

        private void refuse(BaseDescr where, String message) {
            refuse(offsetOf(where), message);
        }

        private void refuse(int offset, String message) {
            int line = lineOf(offset);
            add(line + 1, offset - lineStarts[line] + 1, message);
        }

        private void add(int line, int column, String message) {
            problems.add(new CompilationProblem(source.path(), line, column, message));
        }

        private int lineOf(int offset) {
            int lo = 0;
            int hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= offset) lo = mid;
                else hi = mid - 1;
            }
            return lo;
        }
    }

    /**
     * The text with comments and string or character literals replaced by spaces (line breaks kept), so offsets,
     * lines and columns stay those of the original.
     */
    static String blank(String text) {
        char[] out = text.toCharArray();
        int i = 0;
        int n = out.length;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') out[i++] = ' ';
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                for (; i < stop; i++) if (out[i] != '\n') out[i] = ' ';
            } else if (c == '"' || c == '\'') {
                out[i++] = ' ';
                while (i < n && text.charAt(i) != c) {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        out[i++] = ' ';
                    }
                    if (i < n && out[i] != '\n') out[i] = ' ';
                    i++;
                }
                if (i < n) out[i++] = ' ';
            } else {
                i++;
            }
        }
        return new String(out);
    }
}
