package org.citysafe.rules.engine;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import org.kie.api.runtime.rule.RuleContext;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides one piece of authored code (a consequence, a condition, an eval, a {@code from} source, a function body)
 * by what its names resolve to: every value gets its static type, every call, constructor, field and property its
 * member, and each must be on the {@link AllowList}. A name that resolves to nothing known is refused too.
 *
 * <p>Two readings of the same Java syntax: {@link Dialect#JAVA} as javac compiles consequences, evals and
 * functions, and {@link Dialect#PROPERTIES} as Drools compiles conditions and {@code from} sources, where
 * {@code a.b} reads the property {@code b} (its getter, {@code is}-getter or record accessor) and a bare name may be a
 * property of the pattern's fact. Where the engine could pick among several members (overloads, getter or accessor),
 * all of them must be allowed.
 */
final class AuthoredCode {

    enum Dialect { JAVA, PROPERTIES }

    /** Why a construct is refused, at the node that shows it. */
    static final class Refusal extends RuntimeException {
        final transient Node node;

        Refusal(Node node, String message) {
            super(message, null, false, false);
            this.node = node;
        }
    }

    /** A function declared in the DRL, as rules may call it. */
    record Function(String name, Class<?> returnType, List<Class<?>> parameterTypes) {
    }

    /** What the names of a file and a rule mean. */
    static final class Names {
        final Map<String, Class<?>> types;
        final Map<String, Function> functions;
        final Map<String, Type> bindings = new HashMap<>();
        final Set<String> factBindings = new HashSet<>();

        Names(Map<String, Class<?>> types, Map<String, Function> functions) {
            this.types = types;
            this.functions = functions;
        }
    }

    /** A name that denotes a type (the scope of a static member), not a value. */
    private record TypeName(Class<?> type) implements Type {
    }

    /** The type of {@code null}. */
    private static final Type NULL = new Type() {
        @Override
        public String getTypeName() {
            return "null";
        }
    };

    private static final Set<String> CONSEQUENCE_INSERTS = Set.of("insert", "insertLogical");
    private static final Set<String> CONSEQUENCE_DELETES = Set.of("delete", "retract");
    private static final String CONTEXT = "kcontext";

    private final Names names;
    private final Dialect dialect;
    private final Class<?> thisType;
    private final boolean consequence;
    private final Function inFunction;
    private final Deque<Map<String, Local>> locals = new ArrayDeque<>();

    private static final class Local {
        final Class<?> type;
        final Type generic;
        int reads;

        Local(Type generic) {
            this.generic = generic;
            this.type = raw(generic);
        }
    }

    private AuthoredCode(Names names, Dialect dialect, Class<?> thisType, boolean consequence, Function inFunction) {
        this.names = names;
        this.dialect = dialect;
        this.thisType = thisType;
        this.consequence = consequence;
        this.inFunction = inFunction;
        locals.push(new HashMap<>());
    }

    /** A condition of a pattern of {@code thisType}, or a {@code from} source ({@code thisType} null). */
    static AuthoredCode condition(Names names, Class<?> thisType) {
        return new AuthoredCode(names, Dialect.PROPERTIES, thisType, false, null);
    }

    /** An eval: Java, no pattern. */
    static AuthoredCode eval(Names names) {
        return new AuthoredCode(names, Dialect.JAVA, null, false, null);
    }

    static AuthoredCode consequence(Names names) {
        return new AuthoredCode(names, Dialect.JAVA, null, true, null);
    }

    static AuthoredCode function(Names names, Function f, List<String> parameterNames) {
        AuthoredCode c = new AuthoredCode(names, Dialect.JAVA, null, false, f);
        for (int i = 0; i < parameterNames.size(); i++) {
            c.locals.peek().put(parameterNames.get(i), new Local(f.parameterTypes().get(i)));
        }
        return c;
    }

    // ---- statements -------------------------------------------------------------------------------------------

    void block(BlockStmt block) {
        locals.push(new HashMap<>());
        try {
            for (Statement s : block.getStatements()) statement(s);
        } finally {
            locals.pop();
        }
    }

    private void statement(Statement s) {
        if (s instanceof BlockStmt b) {
            block(b);
        } else if (s instanceof EmptyStmt) {
            // nothing
        } else if (s instanceof ExpressionStmt e) {
            if (e.getExpression() instanceof VariableDeclarationExpr v) declaration(v);
            else expression(e.getExpression());
        } else if (s instanceof IfStmt i) {
            requireBoolean(i.getCondition());
            statement(i.getThenStmt());
            i.getElseStmt().ifPresent(this::statement);
        } else if (s instanceof ReturnStmt r) {
            if (inFunction == null) {
                if (r.getExpression().isPresent()) throw new Refusal(s, "a consequence returns no value");
                return;
            }
            if (inFunction.returnType() == void.class) {
                if (r.getExpression().isPresent()) throw new Refusal(s, "function " + inFunction.name() + " is void");
                return;
            }
            Expression value = r.getExpression().orElseThrow(() -> new Refusal(s, "return needs a value"));
            Type t = expression(value);
            if (!assignable(t, inFunction.returnType())) {
                throw new Refusal(value, "function " + inFunction.name() + " returns " + name(inFunction.returnType())
                        + ", not " + t.getTypeName());
            }
        } else if (s.isForStmt() || s.isForEachStmt() || s.isWhileStmt() || s.isDoStmt()) {
            String word = s.isForStmt() || s.isForEachStmt() ? "for" : s.isWhileStmt() ? "while" : "do";
            throw new Refusal(s, "the loop '" + word + "': a rule must not be able to hold a decision thread; match "
                    + "the facts in the condition (from, accumulate) instead");
        } else {
            throw new Refusal(s, "the statement '" + kind(s) + "' is not on the allow-list (statements: "
                    + "declarations, expressions, if/else, return)");
        }
    }

    private void declaration(VariableDeclarationExpr v) {
        for (VariableDeclarator d : v.getVariables()) {
            if (d.getInitializer().isPresent() && d.getInitializer().get() instanceof NameExpr n
                    && (CONTEXT.equals(n.getNameAsString()) || "drools".equals(n.getNameAsString()))) {
                throw contextRefusal(d);
            }
            if (d.getType().isVarType()) {
                throw new Refusal(d, "'var': declare the variable's type, so that what it holds is checked");
            }
            Class<?> type = type(d.getType());
            if (type == RuleContext.class) throw contextRefusal(d);
            String name = d.getNameAsString();
            if (CONTEXT.equals(name) || "drools".equals(name)) throw contextRefusal(d);
            if (d.getInitializer().isPresent()) {
                Type value = expression(d.getInitializer().get());
                if (!assignable(value, type)) {
                    throw new Refusal(d, name + " is " + name(type) + ", its value " + value.getTypeName());
                }
            }
            locals.peek().put(name, new Local(type));
        }
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    void requireBoolean(Expression e) {
        Type t = expression(e);
        if (raw(t) != boolean.class && raw(t) != Boolean.class) {
            throw new Refusal(e, "a condition must be true or false, '" + text(e) + "' is " + t.getTypeName());
        }
    }

    /** The static type of an expression; refuses what is not allowed. */
    Type expression(Expression e) {
        Type t = value(e);
        if (t instanceof TypeName tn) throw new Refusal(e, "'" + text(e) + "' names the type " + name(tn.type())
                + ", not a value");
        return t;
    }

    private Type value(Expression e) {
        if (e instanceof StringLiteralExpr) return String.class;
        if (e instanceof IntegerLiteralExpr) return int.class;
        if (e instanceof LongLiteralExpr) return long.class;
        if (e instanceof DoubleLiteralExpr d) {
            String v = d.getValue();
            return v.endsWith("f") || v.endsWith("F") ? float.class : double.class;
        }
        if (e instanceof CharLiteralExpr) return char.class;
        if (e instanceof BooleanLiteralExpr) return boolean.class;
        if (e instanceof NullLiteralExpr) return NULL;
        if (e instanceof EnclosedExpr en) return value(en.getInner());
        if (e instanceof NameExpr n) return name(n, true);
        if (e instanceof ThisExpr t) {
            if (dialect == Dialect.PROPERTIES && thisType != null && t.getTypeName().isEmpty()) return thisType;
            throw new Refusal(e, "'this' is only the pattern's fact in a condition");
        }
        if (e instanceof FieldAccessExpr f) return fieldAccess(f);
        if (e instanceof MethodCallExpr m) return call(m);
        if (e instanceof ObjectCreationExpr o) return creation(o);
        if (e instanceof BinaryExpr b) return binary(b);
        if (e instanceof UnaryExpr u) return unary(u);
        if (e instanceof ConditionalExpr c) {
            requireBoolean(c.getCondition());
            Type a = expression(c.getThenExpr());
            Type b = expression(c.getElseExpr());
            if (numeric(a) && numeric(b)) return promote(a, b);
            return a == NULL ? b : a;
        }
        if (e instanceof CastExpr c) {
            Class<?> to = type(c.getType());
            Type from = expression(c.getExpression());
            if (numeric(from) && numeric(to)) return to;
            if (from == NULL || assignable(from, to) || (!to.isPrimitive() && raw(from).isAssignableFrom(to))) {
                return to;
            }
            throw new Refusal(c, "cannot cast " + from.getTypeName() + " to " + name(to));
        }
        if (e instanceof InstanceOfExpr i) {
            if (i.getPattern().isPresent()) throw new Refusal(i, "an instanceof pattern is not on the allow-list");
            type(i.getType());
            expression(i.getExpression());
            return boolean.class;
        }
        if (e instanceof AssignExpr a) return assignment(a);
        if (e.isClassExpr()) {
            throw new Refusal(e, "the class literal '" + text(e) + "' reaches java.lang.Class (reflection)");
        }
        if (e.isLambdaExpr() || e.isMethodReferenceExpr()) {
            throw new Refusal(e, "lambdas and method references are not on the allow-list: they would let code run "
                    + "later, elsewhere, or pass the rule context on");
        }
        if (e.isArrayCreationExpr() || e.isArrayInitializerExpr() || e.isArrayAccessExpr()) {
            throw new Refusal(e, "arrays are not on the allow-list (their size is not bounded)");
        }
        if (e.isTextBlockLiteralExpr()) throw new Refusal(e, "a text block; use ordinary string literals");
        if (e.isSuperExpr()) throw new Refusal(e, "'super' is not on the allow-list");
        if (e.isSwitchExpr()) throw new Refusal(e, "a switch expression is not on the allow-list");
        throw new Refusal(e, "the construct '" + text(e) + "' (" + kind(e) + ") is not on the allow-list");
    }

    private Type name(NameExpr n, boolean countRead) {
        String name = n.getNameAsString();
        if (CONTEXT.equals(name) || "drools".equals(name)) throw contextRefusal(n);
        Local local = local(name);
        if (local != null) {
            if (countRead && AllowList.GROWING.contains(local.type) && ++local.reads > 1) {
                throw new Refusal(n, "'" + name + "' is read a second time: a text or big number held in a variable "
                        + "may be used once, so that no statement can double its size");
            }
            return local.generic;
        }
        Type binding = names.bindings.get(name);
        if (binding != null) return binding;
        if (dialect == Dialect.PROPERTIES) {
            Class<?> type = names.types.get(name);
            if (type != null && Character.isUpperCase(name.charAt(0))) return new TypeName(type);
            if (thisType != null) return property(n, thisType, thisType, name);
        }
        Class<?> type = names.types.get(name);
        if (type != null) return new TypeName(type);
        Node chain = n;
        while (chain.getParentNode().orElse(null) instanceof FieldAccessExpr f && f.getScope() == chain) chain = f;
        if (chain != n) {
            throw new Refusal(n, "the qualified name '" + text(chain) + "' does not resolve: authored code names "
                    + "types it imports, and only types on the allow-list may be imported");
        }
        throw new Refusal(n, name + " is not a binding, a variable or an allowed type");
    }

    private Local local(String name) {
        for (Map<String, Local> frame : locals) {
            Local l = frame.get(name);
            if (l != null) return l;
        }
        return null;
    }

    private Type fieldAccess(FieldAccessExpr f) {
        if (f.getTypeArguments().isPresent()) throw new Refusal(f, "type arguments are not on the allow-list");
        String name = f.getNameAsString();
        if (name.equals("class")) throw new Refusal(f, "the class literal reaches java.lang.Class (reflection)");
        Type scope = value(f.getScope());
        if (scope instanceof TypeName tn) {
            Class<?> c = tn.type();
            for (Class<?> nested : c.getClasses()) {
                if (nested.getSimpleName().equals(name)) {
                    if (!AllowList.type(nested)) throw new Refusal(f, "the type " + name(nested) + " is not on the allow-list");
                    return new TypeName(nested);
                }
            }
            Field field;
            try {
                field = c.getField(name);
            } catch (NoSuchFieldException ex) {
                throw new Refusal(f, name(c) + " has no constant " + name);
            }
            if (!Modifier.isStatic(field.getModifiers()) || !AllowList.field(field)) {
                throw new Refusal(f, name(c) + "." + name + " is not on the allow-list");
            }
            return result(f, field.getGenericType(), field.getType(), null);
        }
        Class<?> owner = raw(scope);
        if (dialect == Dialect.PROPERTIES) return property(f, scope, owner, name);
        throw new Refusal(f, "the field '" + text(f) + "' is not on the allow-list; call the method instead");
    }

    /** {@code owner.name} read as a property: every member the engine could take for it must be allowed. */
    private Type property(Node at, Type scope, Class<?> owner, String name) {
        if (owner.isPrimitive() || scope == NULL) throw new Refusal(at, "'" + name + "' is read on " + scope.getTypeName());
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        List<Method> candidates = new ArrayList<>();
        for (Method m : publicMethods(owner)) {
            if (m.getParameterCount() != 0) continue;
            String n = m.getName();
            if (n.equals("get" + cap) || n.equals(name) || (n.equals("is" + cap)
                    && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class))) {
                candidates.add(m);
            }
        }
        for (Field fd : owner.getFields()) {
            if (fd.getName().equals(name)) {
                throw new Refusal(at, "the field " + name(owner) + "." + name + " is not on the allow-list");
            }
        }
        if (candidates.isEmpty()) {
            throw new Refusal(at, name(owner) + " has no property '" + name + "' on the allow-list");
        }
        for (Method m : candidates) {
            if (!AllowList.method(m)) {
                throw new Refusal(at, "the property '" + name + "' reads " + name(m.getDeclaringClass()) + "."
                        + m.getName() + "(), which is not on the allow-list");
            }
        }
        Method m = candidates.get(0);
        return result(at, returnType(m, scope), m.getReturnType(), m);
    }

    private Type call(MethodCallExpr m) {
        if (m.getTypeArguments().isPresent()) throw new Refusal(m, "type arguments are not on the allow-list");
        String name = m.getNameAsString();
        if (m.getScope().isEmpty()) return unscopedCall(m, name);
        Expression scopeExpr = m.getScope().get();
        Type scope = scopeExpr instanceof NameExpr n ? name(n, false) : value(scopeExpr);
        boolean isStatic = scope instanceof TypeName;
        Class<?> owner = isStatic ? ((TypeName) scope).type() : raw(scope);
        if (scope == NULL || owner.isPrimitive()) throw new Refusal(m, "'" + name + "' is called on " + scope.getTypeName());
        List<Type> args = arguments(m.getArguments());
        List<Method> all = new ArrayList<>();
        for (Method method : publicMethods(owner)) if (method.getName().equals(name)) all.add(method);
        Method chosen = choose(m, all, args, isStatic, owner, name);
        if (!isStatic && scopeExpr instanceof NameExpr n) {
            // a variable holding a text is read for what it yields: its length does not grow, its concatenation does
            if (AllowList.GROWING.contains(chosen.getReturnType())) name(n, true);
        }
        contextArguments(m.getArguments(), chosen);
        return result(m, returnType(chosen, scope), chosen.getReturnType(), chosen);
    }

    private Type unscopedCall(MethodCallExpr m, String name) {
        NodeList<Expression> arguments = m.getArguments();
        if (consequence && CONSEQUENCE_INSERTS.contains(name)) {
            if (arguments.size() != 1) throw new Refusal(m, name + " takes one finding");
            Type t = expression(arguments.get(0));
            if (!Finding.class.isAssignableFrom(raw(t))) {
                throw new Refusal(m, name + "(...) may insert a Finding only, not " + t.getTypeName());
            }
            return void.class;
        }
        if (consequence && CONSEQUENCE_DELETES.contains(name)) {
            if (arguments.size() != 1 || !(arguments.get(0) instanceof NameExpr n)
                    || !names.factBindings.contains(n.getNameAsString())) {
                throw new Refusal(m, name + "(...) takes a fact bound in the condition, such as $f");
            }
            return void.class;
        }
        Function f = names.functions.get(name);
        if (f != null) {
            if (inFunction != null) {
                throw new Refusal(m, "a function may not call a function (" + name + "): no recursion, direct or not");
            }
            List<Type> args = arguments(arguments);
            if (args.size() != f.parameterTypes().size()) throw new Refusal(m, name + " takes "
                    + f.parameterTypes().size() + " argument(s)");
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) == RuleContext.class) throw contextRefusal(arguments.get(i));
                if (!assignable(args.get(i), f.parameterTypes().get(i))) {
                    throw new Refusal(arguments.get(i), "argument " + (i + 1) + " of " + name + " must be "
                            + name(f.parameterTypes().get(i)));
                }
            }
            return f.returnType();
        }
        if (dialect == Dialect.PROPERTIES && thisType != null) {
            List<Type> args = arguments(arguments);
            List<Method> all = new ArrayList<>();
            for (Method method : publicMethods(thisType)) if (method.getName().equals(name)) all.add(method);
            Method chosen = choose(m, all, args, false, thisType, name);
            contextArguments(arguments, chosen);
            return result(m, returnType(chosen, thisType), chosen.getReturnType(), chosen);
        }
        if (consequence) {
            throw new Refusal(m, name + "(...) is not on the allow-list of a consequence: insert(Finding...), "
                    + "delete($fact) and the package's functions");
        }
        throw new Refusal(m, name + "(...) is neither a function of this package nor a method on the allow-list");
    }

    /** Arguments' types; the rule context is allowed only as an argument, checked against the method chosen. */
    private List<Type> arguments(NodeList<Expression> arguments) {
        List<Type> types = new ArrayList<>();
        for (Expression a : arguments) {
            if (a instanceof NameExpr n && n.getNameAsString().equals(CONTEXT)) types.add(RuleContext.class);
            else types.add(expression(a));
        }
        return types;
    }

    private void contextArguments(NodeList<Expression> arguments, Executable chosen) {
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i) instanceof NameExpr n && n.getNameAsString().equals(CONTEXT)
                    && chosen.getParameterTypes()[i] != RuleContext.class) {
                throw contextRefusal(n);
            }
        }
    }

    private Type creation(ObjectCreationExpr o) {
        if (o.getAnonymousClassBody().isPresent()) throw new Refusal(o, "an anonymous class is not on the allow-list");
        if (o.getScope().isPresent() || o.getTypeArguments().isPresent()) {
            throw new Refusal(o, "'" + text(o) + "' is not on the allow-list");
        }
        Class<?> c = type(o.getType());
        List<Type> args = arguments(o.getArguments());
        List<Constructor<?>> candidates = new ArrayList<>(Arrays.asList(c.getConstructors()));
        List<Executable> applicable = applicable(candidates, args);
        if (applicable.isEmpty()) throw new Refusal(o, "no constructor " + name(c) + signature(args));
        Executable chosen = mostSpecific(o, applicable);
        if (!AllowList.constructor((Constructor<?>) chosen)) {
            throw new Refusal(o, "the constructor of " + name(c) + " is not on the allow-list");
        }
        contextArguments(o.getArguments(), chosen);
        return c;
    }

    private Method choose(Node at, List<Method> all, List<Type> args, boolean isStatic, Class<?> owner, String name) {
        if (all.isEmpty()) throw new Refusal(at, name(owner) + " has no method " + name);
        List<Executable> applicable = applicable(all, args);
        if (applicable.isEmpty()) throw new Refusal(at, "no method " + name(owner) + "." + name + signature(args));
        Method chosen = (Method) mostSpecific(at, applicable);
        if (isStatic && !Modifier.isStatic(chosen.getModifiers())) {
            throw new Refusal(at, name(owner) + "." + name + " needs a value, not the type");
        }
        if (!AllowList.method(chosen)) {
            throw new Refusal(at, name(chosen.getDeclaringClass()) + "." + name + "(...) is not on the allow-list");
        }
        if (dialect == Dialect.PROPERTIES) {
            // the engine may pick another overload of the same arity (it coerces arguments): all must be allowed
            for (Method other : all) {
                if ((other.getParameterCount() == args.size() || other.isVarArgs()) && !AllowList.method(other)) {
                    throw new Refusal(at, name(other.getDeclaringClass()) + "." + name + "(...) has an overload "
                            + "that is not on the allow-list");
                }
            }
        }
        return chosen;
    }

    private Type result(Node at, Type generic, Class<?> raw, Method m) {
        if (raw == void.class) return void.class;
        if (raw.isArray()) throw new Refusal(at, "'" + text(at) + "' gives an array; arrays are not on the allow-list");
        if (!AllowList.type(raw)) {
            throw new Refusal(at, "'" + text(at) + "' gives " + name(raw) + ", which is not on the allow-list"
                    + (m == null ? "" : " (" + name(m.getDeclaringClass()) + "." + m.getName() + ")"));
        }
        return generic;
    }

    private Type binary(BinaryExpr b) {
        BinaryExpr.Operator op = b.getOperator();
        Type l = expression(b.getLeft());
        Type r = expression(b.getRight());
        switch (op) {
            case OR, AND -> {
                if (!bool(l) || !bool(r)) throw new Refusal(b, "'" + op.asString() + "' joins conditions");
                return boolean.class;
            }
            case EQUALS, NOT_EQUALS -> {
                return boolean.class;
            }
            case LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> {
                if (dialect == Dialect.JAVA && (!numeric(l) || !numeric(r))) {
                    throw new Refusal(b, "'" + op.asString() + "' compares numbers");
                }
                return boolean.class;
            }
            case PLUS -> {
                if (raw(l) == String.class || raw(r) == String.class) return String.class;
                if (numeric(l) && numeric(r)) return promote(l, r);
                throw new Refusal(b, "'+' adds numbers or joins text");
            }
            case MINUS, MULTIPLY, DIVIDE, REMAINDER -> {
                if (numeric(l) && numeric(r)) return promote(l, r);
                throw new Refusal(b, "'" + op.asString() + "' works on numbers");
            }
            case BINARY_AND, BINARY_OR, XOR -> {
                if (bool(l) && bool(r)) return boolean.class;
                if (integral(l) && integral(r)) return promote(l, r);
                throw new Refusal(b, "'" + op.asString() + "' works on whole numbers or conditions");
            }
            case LEFT_SHIFT, SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> {
                if (integral(l) && integral(r)) return promote(l, int.class);
                throw new Refusal(b, "'" + op.asString() + "' works on whole numbers");
            }
            default -> throw new Refusal(b, "the operator '" + op.asString() + "' is not on the allow-list");
        }
    }

    private Type unary(UnaryExpr u) {
        UnaryExpr.Operator op = u.getOperator();
        switch (op) {
            case LOGICAL_COMPLEMENT -> {
                requireBoolean(u.getExpression());
                return boolean.class;
            }
            case PLUS, MINUS, BITWISE_COMPLEMENT -> {
                Type t = expression(u.getExpression());
                if (!numeric(t)) throw new Refusal(u, "'" + op.asString() + "' works on numbers");
                return promote(t, int.class);
            }
            default -> {
                if (!(u.getExpression() instanceof NameExpr n) || local(n.getNameAsString()) == null) {
                    throw new Refusal(u, "'" + op.asString() + "' changes a local variable only");
                }
                Type t = expression(u.getExpression());
                if (!numeric(t)) throw new Refusal(u, "'" + op.asString() + "' works on numbers");
                return t;
            }
        }
    }

    private Type assignment(AssignExpr a) {
        if (!(a.getTarget() instanceof NameExpr n) || local(n.getNameAsString()) == null) {
            throw new Refusal(a, "only a local variable may be assigned, not '" + text(a.getTarget()) + "'");
        }
        Local target = local(n.getNameAsString());
        Type value = expression(a.getValue());
        if (a.getOperator() == AssignExpr.Operator.ASSIGN) {
            if (!assignable(value, target.type)) {
                throw new Refusal(a, n.getNameAsString() + " is " + name(target.type) + ", not " + value.getTypeName());
            }
            return target.generic;
        }
        // a compound assignment reads the variable, too
        name(n, true);
        if (a.getOperator() == AssignExpr.Operator.PLUS && target.type == String.class) return String.class;
        if (!numeric(target.type) || !numeric(value)) {
            throw new Refusal(a, "'" + a.getOperator().asString() + "' works on numbers");
        }
        return target.generic;
    }

    // ---- types --------------------------------------------------------------------------------------------------

    /**
     * A type written in the code: a primitive, or an allowed type by its simple (imported) name. (The parser's
     * {@code Type} is named in full: this class reasons about {@link Type}, reflection's, everywhere else.)
     */
    Class<?> type(com.github.javaparser.ast.type.Type t) {
        if (t instanceof PrimitiveType p) {
            return switch (p.getType()) {
                case BOOLEAN -> boolean.class;
                case CHAR -> char.class;
                case BYTE -> byte.class;
                case SHORT -> short.class;
                case INT -> int.class;
                case LONG -> long.class;
                case FLOAT -> float.class;
                case DOUBLE -> double.class;
            };
        }
        if (t.isVoidType()) return void.class;
        if (t.isArrayType()) throw new Refusal(t, "arrays are not on the allow-list (their size is not bounded)");
        if (t instanceof ClassOrInterfaceType c) {
            if (c.getTypeArguments().isPresent()) {
                throw new Refusal(t, "generic types are not on the allow-list here; use the fact model's methods");
            }
            Class<?> resolved;
            if (c.getScope().isPresent()) {
                String first = c.getScope().get().asString().split("\\.")[0];
                if (Character.isLowerCase(first.charAt(0))) {
                    throw new Refusal(t, "the fully-qualified type '" + t.asString() + "': authored code names "
                            + "types it imports, and only types on the allow-list may be imported");
                }
                Class<?> outer = type(c.getScope().get());
                resolved = null;
                for (Class<?> nested : outer.getClasses()) {
                    if (nested.getSimpleName().equals(c.getNameAsString())) resolved = nested;
                }
            } else {
                resolved = names.types.get(c.getNameAsString());
            }
            if (resolved == null) {
                throw new Refusal(t, "the type '" + t + "' is not imported from the allow-list");
            }
            if (!AllowList.type(resolved)) throw new Refusal(t, "the type " + name(resolved) + " is not on the allow-list");
            return resolved;
        }
        throw new Refusal(t, "the type '" + t + "' is not on the allow-list");
    }

    private static List<Method> publicMethods(Class<?> c) {
        List<Method> all = new ArrayList<>();
        for (Method m : c.getMethods()) if (!m.isBridge() && !m.isSynthetic()) all.add(m);
        if (c.isInterface()) all.addAll(Arrays.asList(Object.class.getMethods()));
        return all;
    }

    private static <E extends Executable> List<Executable> applicable(List<E> candidates, List<Type> args) {
        // as javac: first without boxing, then with it; methods with varargs are never taken
        for (boolean boxing : new boolean[]{false, true}) {
            List<Executable> out = new ArrayList<>();
            for (E c : candidates) {
                if (c.isVarArgs() || c.getParameterCount() != args.size()) continue;
                boolean ok = true;
                Class<?>[] params = c.getParameterTypes();
                for (int i = 0; i < params.length && ok; i++) ok = assignable(args.get(i), params[i], boxing);
                if (ok) out.add(c);
            }
            if (!out.isEmpty()) return out;
        }
        return List.of();
    }

    private static Executable mostSpecific(Node at, List<Executable> applicable) {
        List<Executable> best = new ArrayList<>();
        for (Executable a : applicable) {
            boolean maximal = true;
            for (Executable b : applicable) {
                if (a != b && moreSpecific(b, a) && !moreSpecific(a, b)) maximal = false;
            }
            if (maximal) best.add(a);
        }
        Executable first = best.get(0);
        for (Executable other : best) {
            boolean sameReturn = !(other instanceof Method om) || ((Method) first).getReturnType() == om.getReturnType();
            if (!sameReturn || allowed(other) != allowed(first)) {
                throw new Refusal(at, "the call is ambiguous between overloads; cast the arguments");
            }
        }
        return first;
    }

    private static boolean allowed(Executable e) {
        return e instanceof Method m ? AllowList.method(m) : AllowList.constructor((Constructor<?>) e);
    }

    private static boolean moreSpecific(Executable a, Executable b) {
        Class<?>[] pa = a.getParameterTypes();
        Class<?>[] pb = b.getParameterTypes();
        for (int i = 0; i < pa.length; i++) if (!assignable(pa[i], pb[i], false)) return false;
        return true;
    }

    private static boolean assignable(Type from, Class<?> to) {
        return assignable(from, to, true);
    }

    private static boolean assignable(Type from, Class<?> to, boolean boxing) {
        if (from == NULL) return !to.isPrimitive();
        Class<?> f = raw(from);
        if (to.isPrimitive()) {
            if (f.isPrimitive()) return widens(f, to);
            if (!boxing) return false;
            Class<?> unboxed = unbox(f);
            return unboxed != null && widens(unboxed, to);
        }
        if (f.isPrimitive()) return boxing && to.isAssignableFrom(box(f));
        return to.isAssignableFrom(f);
    }

    private static final List<Class<?>> WIDENING = List.of(byte.class, short.class, int.class, long.class,
            float.class, double.class);

    private static boolean widens(Class<?> from, Class<?> to) {
        if (from == to) return true;
        if (from == boolean.class || to == boolean.class || to == char.class) return false;
        int a = from == char.class ? WIDENING.indexOf(short.class) : WIDENING.indexOf(from);
        int b = WIDENING.indexOf(to);
        return a >= 0 && b > a;
    }

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class, char.class,
            Character.class, byte.class, Byte.class, short.class, Short.class, int.class, Integer.class, long.class,
            Long.class, float.class, Float.class, double.class, Double.class);

    /** The boxed type of a primitive; any other type itself. */
    static Class<?> box(Class<?> type) {
        return type.isPrimitive() ? BOXES.get(type) : type;
    }

    private static Class<?> unbox(Class<?> boxed) {
        for (Map.Entry<Class<?>, Class<?>> e : BOXES.entrySet()) if (e.getValue() == boxed) return e.getKey();
        return null;
    }

    private static boolean numeric(Type t) {
        Class<?> c = raw(t);
        Class<?> p = c.isPrimitive() ? c : unbox(c);
        return p != null && p != boolean.class;
    }

    private static boolean integral(Type t) {
        Class<?> c = raw(t);
        Class<?> p = c.isPrimitive() ? c : unbox(c);
        return p == int.class || p == long.class || p == short.class || p == byte.class || p == char.class;
    }

    private static boolean bool(Type t) {
        return raw(t) == boolean.class || raw(t) == Boolean.class;
    }

    private static Type promote(Type a, Type b) {
        Class<?> x = raw(a).isPrimitive() ? raw(a) : unbox(raw(a));
        Class<?> y = raw(b).isPrimitive() ? raw(b) : unbox(raw(b));
        if (x == double.class || y == double.class) return double.class;
        if (x == float.class || y == float.class) return float.class;
        if (x == long.class || y == long.class) return long.class;
        return int.class;
    }

    /** The return type of {@code m} called on {@code receiver}, with the receiver's type arguments put in. */
    private static Type returnType(Method m, Type receiver) {
        Type g = m.getGenericReturnType();
        if (g instanceof Class<?>) return g;
        if (g instanceof TypeVariable<?> tv && receiver instanceof ParameterizedType p
                && tv.getGenericDeclaration() == p.getRawType()) {
            TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
            for (int i = 0; i < vars.length; i++) {
                if (vars[i].getName().equals(tv.getName())) return bound(p.getActualTypeArguments()[i]);
            }
        }
        if (g instanceof ParameterizedType p && Arrays.stream(p.getActualTypeArguments()).allMatch(Class.class::isInstance)) {
            return p;
        }
        return m.getReturnType();
    }

    private static Type bound(Type t) {
        if (t instanceof WildcardType w) return w.getUpperBounds()[0];
        if (t instanceof TypeVariable<?> v) return v.getBounds()[0];
        return t;
    }

    /** The element type rules iterate when {@code from} gives a collection, else the type itself. */
    static Class<?> element(Type t) {
        if (t instanceof ParameterizedType p && Iterable.class.isAssignableFrom((Class<?>) p.getRawType())
                && p.getActualTypeArguments().length == 1) {
            return raw(bound(p.getActualTypeArguments()[0]));
        }
        return raw(t);
    }

    static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        if (t instanceof TypeName tn) return tn.type();
        if (t instanceof WildcardType || t instanceof TypeVariable<?>) return raw(bound(t));
        if (t instanceof GenericArrayType) return Object[].class;
        return Object.class;
    }

    // ---- words ------------------------------------------------------------------------------------------------

    private static Refusal contextRefusal(Node at) {
        return new Refusal(at, "the rule context (kcontext, drools) may only be passed straight to a Finding factory, "
                + "as in Finding.hazard(kcontext, ...): it cannot be named, aliased, cast, returned or passed on");
    }

    private static String signature(List<Type> args) {
        StringBuilder b = new StringBuilder("(");
        for (Type t : args) b.append(b.length() > 1 ? ", " : "").append(simple(t));
        return b.append(')').toString();
    }

    private static String simple(Type t) {
        Class<?> c = raw(t);
        return t == NULL ? "null" : c.getSimpleName();
    }

    static String name(Class<?> c) {
        return c.getName().replace('$', '.');
    }

    static String text(Node n) {
        String s = n.toString().replaceAll("\\s+", " ");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String kind(Node n) {
        return n.getClass().getSimpleName().replaceAll("(Stmt|Expr)$", "").toLowerCase(Locale.ROOT);
    }
}
