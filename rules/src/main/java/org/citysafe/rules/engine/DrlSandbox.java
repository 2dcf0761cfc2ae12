package org.citysafe.rules.engine;

import org.drools.drl.ast.descr.AbstractClassTypeDeclarationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.QualifiedName;
import org.drools.drl.ast.descr.TypeFieldDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether authored DRL may be compiled at all. DRL conditions and consequences are Java (or MVEL), so a rule
 * could read files, open sockets, start processes or threads, reflect, load classes or stop the JVM. Authored rules
 * are untrusted input: this sandbox refuses them before the compiler sees them, each refusal naming the construct and
 * where it is.
 *
 * <p>It works on an <em>allow-list</em> of types: the fact model ({@code org.citysafe.rules}, its {@code policy} and
 * {@code catalog} packages and the facts of {@code engine}), {@code java.util} with its {@code function} and
 * {@code stream} packages, {@code java.time}, {@code java.math}, and a few value types of {@code java.lang}. Every
 * type named in the DRL, by import, by its fully-qualified name or by a simple name that resolves through
 * {@code java.lang}, the DRL's own package or a wildcard import, must be on it. On top of that some members are
 * refused whatever they are called on (reflection, class loading, system properties, {@code exit}, parallel streams,
 * monitors), as are member access on the rule context, globals, loops and escapes that could hide code.
 *
 * <p>What it does not bound: the CPU and memory a permitted expression may use (a huge array, a deep recursion).
 *
 * <p>Comments and string literals are blanked (keeping line and column) before the text is read, so words in them
 * neither trigger nor hide anything; the parsed package ({@link DrlParser}) is checked too: imports, globals,
 * functions and declared types.
 */
public final class DrlSandbox {

    /** Packages whose public types authored rules may use (not their sub-packages), minus {@link #DENIED_TYPES}. */
    static final Set<String> ALLOWED_PACKAGES = Set.of(
            "org.citysafe.rules", "org.citysafe.rules.policy", "org.citysafe.rules.catalog", "org.citysafe.rules.state",
            "java.util", "java.util.function", "java.util.stream",
            "java.time", "java.time.format", "java.time.temporal", "java.math");

    /** Single types allowed outside those packages. */
    static final Set<String> ALLOWED_TYPES = Set.of(
            // the facts of the engine package; the rest of it (RuleSet, Decider, ...) compiles and runs rules
            "org.citysafe.rules.engine.Observation", "org.citysafe.rules.engine.Finding",
            "org.citysafe.rules.engine.History", "org.citysafe.rules.engine.Nearby",
            "java.lang.Math", "java.lang.StrictMath", "java.lang.String", "java.lang.StringBuilder",
            "java.lang.CharSequence", "java.lang.Character", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.Object", "java.lang.Comparable", "java.lang.Iterable", "java.lang.Enum",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.lang.UnsupportedOperationException", "java.lang.ArithmeticException");

    /** Types inside allowed packages that still reach what rules must not. */
    static final Map<String, String> DENIED_TYPES = Map.of(
            "java.util.ServiceLoader", "class loading",
            "java.util.ResourceBundle", "class loading",
            "java.util.Formatter", "files (it opens a file named by its argument)",
            "java.util.Scanner", "files and streams",
            "java.util.Properties", "files and streams",
            "java.util.Timer", "threads",
            "java.util.TimerTask", "threads");

    /** Members refused whatever they are called on, with what they reach. */
    static final Map<String, String> DENIED_MEMBERS = denied();

    private static Map<String, String> denied() {
        Map<String, String> m = new HashMap<>();
        for (String s : List.of("getClass", "class", "forName", "getDeclaredMethod", "getDeclaredMethods",
                "getDeclaredField", "getDeclaredFields", "getDeclaredConstructor", "getDeclaredConstructors",
                "getMethod", "getMethods", "getField", "getFields", "getConstructor", "getConstructors", "invoke",
                "newInstance", "setAccessible", "getDeclaringClass", "getEnclosingClass")) {
            m.put(s, "reflection");
        }
        for (String s : List.of("getClassLoader", "getContextClassLoader", "getSystemClassLoader", "loadClass",
                "getResource", "getResourceAsStream", "getResources")) {
            m.put(s, "class loading");
        }
        for (String s : List.of("exit", "halt", "exec", "getRuntime")) m.put(s, "System.exit/Runtime and processes");
        for (String s : List.of("getenv", "getProperty", "getProperties", "setProperty", "clearProperty")) {
            m.put(s, "environment and system properties");
        }
        m.put("setDefault", "JVM-wide defaults (Locale, TimeZone)");
        for (String s : List.of("parallel", "parallelStream", "wait", "notify", "notifyAll", "sleep", "start")) {
            m.put(s, "threads");
        }
        return Map.copyOf(m);
    }

    /** Where refused types lead, by package or type prefix, to say why in words. */
    private static final List<String[]> REACHES = List.of(
            new String[]{"java.io", "files"}, new String[]{"java.nio", "files"},
            new String[]{"java.net", "the network"}, new String[]{"javax.net", "the network"},
            new String[]{"java.rmi", "the network"}, new String[]{"javax.naming", "the network"},
            new String[]{"java.lang.Process", "processes"}, new String[]{"java.lang.ProcessBuilder", "processes"},
            new String[]{"java.lang.ProcessHandle", "processes"},
            new String[]{"java.lang.Runtime", "System.exit/Runtime and processes"},
            new String[]{"java.lang.System", "System.exit, the environment and system properties"},
            new String[]{"java.lang.reflect", "reflection"}, new String[]{"java.lang.invoke", "reflection"},
            new String[]{"java.lang.Class", "reflection"}, new String[]{"java.lang.ClassLoader", "class loading"},
            new String[]{"java.lang.Module", "class loading"}, new String[]{"java.lang.ModuleLayer", "class loading"},
            new String[]{"java.lang.Thread", "threads"}, new String[]{"java.lang.ThreadGroup", "threads"},
            new String[]{"java.lang.ThreadLocal", "threads"}, new String[]{"java.util.concurrent", "threads"},
            new String[]{"java.lang.StackWalker", "reflection"}, new String[]{"java.lang.SecurityManager", "the JVM"},
            new String[]{"sun.", "JVM internals"}, new String[]{"jdk.", "JVM internals"},
            new String[]{"com.sun.", "JVM internals"}, new String[]{"javax.script", "script engines"},
            new String[]{"org.kie", "the rule engine itself"}, new String[]{"org.drools", "the rule engine itself"},
            new String[]{"org.citysafe.rules.engine", "the rule engine itself (compiling or running other rules)"});

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern IMPORT = Pattern.compile(
            "\\bimport\\s+(?:(function|accumulate|static)\\s+)?([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)(\\s*\\.\\s*\\*)?");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);
    /** Integer.getInteger, Long.getLong and Boolean.getBoolean read system properties. */
    private static final Map<String, String> PROPERTY_READERS = Map.of(
            "Integer", "getInteger", "Long", "getLong", "Boolean", "getBoolean");

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

    /** Whether a fully-qualified type may be named by authored rules. */
    public static boolean allowed(String type) {
        if (DENIED_TYPES.containsKey(type)) return false;
        if (ALLOWED_TYPES.contains(type)) return true;
        String outer = outermost(type);
        if (!outer.equals(type)) return allowed(outer);
        int dot = type.lastIndexOf('.');
        return dot > 0 && ALLOWED_PACKAGES.contains(type.substring(0, dot));
    }

    private static boolean packageAllowed(String pkg) {
        return ALLOWED_PACKAGES.contains(pkg);
    }

    /** {@code java.util.Map.Entry} → {@code java.util.Map}: the first segment that starts with a capital ends the type. */
    private static String outermost(String type) {
        String[] parts = type.split("\\.");
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (b.length() > 0) b.append('.');
            b.append(p);
            if (!p.isEmpty() && Character.isUpperCase(p.charAt(0))) break;
        }
        return b.toString();
    }

    private static String reaches(String type) {
        if (DENIED_TYPES.containsKey(type)) return DENIED_TYPES.get(type);
        String best = null;
        int length = -1;
        for (String[] r : REACHES) {
            boolean match = type.equals(r[0]) || type.startsWith(r[0].endsWith(".") ? r[0] : r[0] + ".");
            if (match && r[0].length() > length) {
                best = r[1];
                length = r[0].length();
            }
        }
        return best;
    }

    private static String refusal(String construct, String type) {
        String reaches = reaches(type);
        return "Refused: " + construct + (reaches == null ? "" : " reaches " + reaches)
                + "; authored rules may use the fact model (org.citysafe.rules), java.util, java.time, java.math "
                + "and basic java.lang types such as Math and String";
    }

    /** One pass over one file. */
    private static final class Check {

        private final RuleSource source;
        private final String text;
        private final String code; // comments and literals blanked, same length and line breaks
        private final int[] lineStarts;
        private final List<CompilationProblem> problems = new ArrayList<>();
        private final Set<String> reported = new HashSet<>();
        private final Map<String, String> explicitImports = new HashMap<>(); // simple name -> full name
        private final Set<String> wildcardPackages = new LinkedHashSet<>();
        private final Set<String> declaredTypes = new HashSet<>();
        private String drlPackage = "";

        Check(RuleSource source) {
            this.source = source;
            this.text = source.drl() == null ? "" : source.drl();
            this.code = blank(text);
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
            this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        List<CompilationProblem> run() {
            escapes();
            Matcher pkg = PACKAGE.matcher(code);
            if (pkg.find()) drlPackage = pkg.group(1);
            imports();
            PackageDescr parsed = parse();
            if (parsed != null) parsedPackage(parsed);
            tokens();
            problems.sort(Comparator.comparingInt(CompilationProblem::line).thenComparingInt(CompilationProblem::column));
            return List.copyOf(problems);
        }

        /** Unicode escapes are decoded by the Java compiler before anything else, so they could hide any code. */
        private void escapes() {
            for (int i = text.indexOf("\\u"); i >= 0; i = text.indexOf("\\u", i + 2)) {
                refuse(i, "Refused: the unicode escape " + text.substring(i, Math.min(text.length(), i + 6))
                        + " (Java decodes it before compiling, so it could hide code); write the character itself");
            }
            for (int i = text.indexOf("\"\"\""); i >= 0; i = text.indexOf("\"\"\"", i + 3)) {
                refuse(i, "Refused: a text block (\"\"\"); use ordinary string literals");
            }
        }

        private void imports() {
            Matcher m = IMPORT.matcher(code);
            while (m.find()) {
                String kind = m.group(1);
                String target = m.group(2).replaceAll("\\s", "");
                boolean wildcard = m.group(3) != null;
                int at = m.start(2);
                if (wildcard) {
                    if (!packageAllowed(target) && !allowed(target)) {
                        refuse(at, refusal("import " + target + ".*", target));
                    } else if (packageAllowed(target)) {
                        wildcardPackages.add(target);
                    }
                    continue;
                }
                if ("function".equals(kind) || "static".equals(kind)) {
                    // import function a.b.C.method: the type is everything before the member
                    String type = target.substring(0, Math.max(target.lastIndexOf('.'), 0));
                    String member = target.substring(target.lastIndexOf('.') + 1);
                    if (!allowed(type)) refuse(at, refusal("import " + kind + " " + target, type));
                    else if (DENIED_MEMBERS.containsKey(member)) {
                        refuse(at, "Refused: import " + kind + " " + target + " reaches " + DENIED_MEMBERS.get(member));
                    }
                    continue;
                }
                if (!allowed(target)) refuse(at, refusal("import " + target, target));
                explicitImports.put(target.substring(target.lastIndexOf('.') + 1), target);
            }
        }

        private PackageDescr parse() {
            try {
                return new DrlParser().parse(false, text);
            } catch (DroolsParserException | RuntimeException e) {
                return null; // the compiler reports syntax errors with their location
            }
        }

        private void parsedPackage(PackageDescr p) {
            for (AbstractClassTypeDeclarationDescr t : p.getClassAndEnumDeclarationDescrs()) {
                declaredTypes.add(t.getTypeName());
            }
            for (ImportDescr i : p.getImports()) {
                String target = i.getTarget();
                if (target == null) continue;
                String t = target.endsWith(".*") ? target.substring(0, target.length() - 2) : target;
                if (!(target.endsWith(".*") ? packageAllowed(t) || allowed(t) : allowed(t))) {
                    refuse(i, refusal("import " + target, t));
                }
            }
            p.getFunctionImports().forEach(i -> {
                String target = i.getTarget();
                String type = target.substring(0, Math.max(target.lastIndexOf('.'), 0));
                if (!allowed(type)) refuse(i, refusal("import function " + target, type));
            });
            p.getAccumulateImports().forEach(i -> {
                if (!allowed(i.getTarget())) refuse(i, refusal("import accumulate " + i.getTarget(), i.getTarget()));
            });
            for (GlobalDescr g : p.getGlobals()) {
                refuse(g, "Refused: global " + g.getType() + " " + g.getIdentifier()
                        + "; this service sets no globals: read numbers from the policy ($o.parameter(...))");
            }
            for (FunctionDescr f : p.getFunctions()) {
                typeName(f, f.getReturnType(), "function " + f.getName() + " returns");
                for (String t : f.getParameterTypes()) typeName(f, t, "function " + f.getName() + " takes");
            }
            for (AbstractClassTypeDeclarationDescr t : p.getClassAndEnumDeclarationDescrs()) {
                for (QualifiedName s : t.getSuperTypes()) {
                    typeName(t, s.getFullName(), "declared type " + t.getTypeName() + " extends");
                }
                for (TypeFieldDescr f : t.getFields().values()) {
                    if (f.getPattern() != null) {
                        typeName(f, f.getPattern().getObjectType(),
                                "field " + t.getTypeName() + "." + f.getFieldName() + " of type");
                    }
                }
            }
        }

        /** A type named in the parsed package: resolve it as the compiler would and check it. */
        private void typeName(BaseDescr where, String type, String construct) {
            if (type == null || type.isBlank()) return;
            String bare = type.replaceAll("<.*", "").replace("[]", "").trim();
            if (bare.isEmpty() || !Character.isLetter(bare.charAt(0))) return;
            String resolved = bare.contains(".") && Character.isLowerCase(bare.charAt(0)) ? outermost(bare)
                    : resolve(bare.split("\\.")[0]);
            if (resolved != null && !allowed(resolved)) refuse(where, refusal(construct + " " + resolved, resolved));
        }

        /**
         * Every identifier chain in the code: fully-qualified types, simple names that resolve to a class, denied
         * members, member access on the rule context, loops, monitors and globals.
         */
        private void tokens() {
            Matcher m = IDENTIFIER.matcher(code);
            int previousEnd = -1;
            boolean previousWasChainStart = false;
            while (m.find()) {
                int start = m.start();
                String word = m.group();
                char before = previousNonSpace(start);
                if (before == '@' || (start > 0 && Character.isDigit(code.charAt(start - 1)))) continue;
                int p = prevIndex(start);
                boolean member = before == '.' || (before == ':' && p > 0 && code.charAt(p - 1) == ':');
                if (member) {
                    if (DENIED_MEMBERS.containsKey(word)) {
                        refuse(start, "Refused: ." + word + (word.equals("class") ? " (class literal)" : "(...)")
                                + " reaches " + DENIED_MEMBERS.get(word));
                    }
                    continue;
                }
                if (word.equals("while") || (word.equals("for") && nextNonSpace(m.end()) == '(')
                        || (word.equals("do") && nextNonSpace(m.end()) == '{')) {
                    refuse(start, "Refused: the loop '" + word + "'; a rule must not be able to hold a decision "
                            + "thread: match the facts in the condition (from, accumulate, collect) instead");
                    continue;
                }
                if (word.equals("synchronized")) {
                    refuse(start, "Refused: 'synchronized' reaches threads (monitors)");
                    continue;
                }
                if (word.equals("import") || word.equals("package")) {
                    skipStatement(m, start);
                    continue;
                }
                if (DENIED_MEMBERS.containsKey(word) && nextNonSpace(m.end()) == '(') {
                    refuse(start, "Refused: " + word + "(...) reaches " + DENIED_MEMBERS.get(word));
                    continue;
                }
                List<String> chain = chain(m.end(), word);
                if ((word.equals("kcontext") || word.equals("drools")) && chain.size() > 1) {
                    refuse(start, "Refused: " + word + "." + chain.get(1) + "; the rule context may only be passed "
                            + "on (Finding.hazard(kcontext, ...)), its runtime is out of reach");
                    continue;
                }
                if (Character.isLowerCase(word.charAt(0)) && chain.size() > 1) {
                    String type = qualifiedType(chain);
                    if (type != null && !allowed(type)) {
                        refuse(start, refusal("the fully-qualified type " + type, type));
                    } else if (type != null) {
                        propertyReader(start, type, chain, type.split("\\.").length);
                    }
                } else if (Character.isUpperCase(word.charAt(0))) {
                    String resolved = resolve(word);
                    if (resolved != null && !allowed(resolved)) {
                        refuse(start, refusal(resolved.equals(word) ? word : word + " (" + resolved + ")", resolved));
                    } else if (resolved != null) {
                        propertyReader(start, resolved, chain, 1);
                    }
                }
            }
        }

        /** {@code Long.getLong("name")} and its siblings read system properties although their types are allowed. */
        private void propertyReader(int start, String type, List<String> chain, int typeSegments) {
            String simple = type.substring(type.lastIndexOf('.') + 1);
            String reader = PROPERTY_READERS.get(simple);
            if (type.startsWith("java.lang.") && reader != null && chain.size() > typeSegments
                    && chain.get(typeSegments).equals(reader)) {
                refuse(start, "Refused: " + simple + "." + reader + "(...) reaches environment and system properties");
            }
        }

        /** The segments of a dotted chain starting with {@code first} (member calls in between are skipped over). */
        private List<String> chain(int from, String first) {
            List<String> segments = new ArrayList<>();
            segments.add(first);
            int i = from;
            while (true) {
                int j = skipSpace(i);
                if (j >= code.length() || code.charAt(j) != '.') break;
                int k = skipSpace(j + 1);
                Matcher next = IDENTIFIER.matcher(code);
                if (k >= code.length() || !next.find(k) || next.start() != k) break;
                segments.add(next.group());
                i = next.end();
            }
            return segments;
        }

        /** In {@code java.io.File.createTempFile}, the type is {@code java.io.File}; null if no segment is capitalised. */
        private static String qualifiedType(List<String> chain) {
            StringBuilder b = new StringBuilder(chain.get(0));
            for (int i = 1; i < chain.size(); i++) {
                b.append('.').append(chain.get(i));
                if (Character.isUpperCase(chain.get(i).charAt(0))) return b.toString();
            }
            return null;
        }

        /**
         * The class a simple name means, as the compiler resolves it: declared in this DRL, imported, or in java.lang,
         * the DRL's own package or a wildcard-imported package. Null when it names no class (a constant, a local).
         */
        private String resolve(String simple) {
            if (declaredTypes.contains(simple)) return null;
            String imported = explicitImports.get(simple);
            if (imported != null) return imported;
            List<String> packages = new ArrayList<>();
            packages.add("java.lang");
            if (!drlPackage.isEmpty()) packages.add(drlPackage);
            packages.addAll(wildcardPackages);
            for (String p : packages) {
                String candidate = p + "." + simple;
                if (exists(candidate)) return candidate;
            }
            return null;
        }

        private static boolean exists(String className) {
            try {
                Class.forName(className, false, DrlSandbox.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        private void skipStatement(Matcher m, int start) {
            int end = code.indexOf(';', start);
            int newline = code.indexOf('\n', start);
            int stop = end < 0 ? newline : newline < 0 ? end : Math.min(end, newline);
            if (stop > 0) m.region(stop, code.length());
        }

        private int prevIndex(int at) {
            int i = at - 1;
            while (i >= 0 && Character.isWhitespace(code.charAt(i))) i--;
            return i;
        }

        private char previousNonSpace(int at) {
            int i = prevIndex(at);
            return i < 0 ? '\0' : code.charAt(i);
        }

        private int skipSpace(int at) {
            int i = at;
            while (i < code.length() && Character.isWhitespace(code.charAt(i))) i++;
            return i;
        }

        private char nextNonSpace(int at) {
            int i = skipSpace(at);
            return i < code.length() ? code.charAt(i) : '\0';
        }

        private void refuse(BaseDescr where, String message) {
            if (where.getStartCharacter() >= 0 && where.getStartCharacter() < text.length()) {
                refuse(where.getStartCharacter(), message);
            } else {
                add(Math.max(where.getLine(), 0), Math.max(where.getColumn(), 0) + 1, message);
            }
        }

        private void refuse(int offset, String message) {
            int line = lineOf(offset);
            add(line + 1, offset - lineStarts[line] + 1, message);
        }

        private void add(int line, int column, String message) {
            // the same construct found by the text pass and the parsed pass is reported once
            if (reported.add(line + ":" + message)) {
                problems.add(new CompilationProblem(source.path(), line, column, message));
            }
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
