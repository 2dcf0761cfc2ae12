package org.citysafe.rules.engine;

import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.Silence;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static java.util.Map.entry;

/**
 * The types and members authored rules may use; everything else is refused. Two kinds of entry:
 *
 * <ul>
 *   <li><b>Facts</b>: the fact model rules match and build findings from. Every public member a fact type declares
 *       itself (methods, record accessors, constructors, constants) is allowed; what it inherits is decided by the
 *       entry of the type it inherits from ({@code Object}, {@code Enum}).</li>
 *   <li><b>Vetted values</b>: a named list of members per type from {@code java.lang}, {@code java.time},
 *       {@code java.math} and {@code java.util}. A name allows every overload, {@code name/N} only the overloads with
 *       N parameters. Members that can run long or grow without bound for small arguments
 *       ({@code String.repeat}, {@code BigInteger.pow}, {@code BigDecimal.valueOf(unscaled, scale)}), read the
 *       environment ({@code Integer.getInteger}, {@code Boolean.getBoolean}) or reach {@code Class}
 *       ({@code getClass}, {@code Enum.getDeclaringClass}) are simply not on it.</li>
 * </ul>
 *
 * <p>To extend it, add the type to {@link #FACTS} (a fact type of ours, reviewed for what its public members reach)
 * or the members to {@link #VETTED}, with a case in the positive corpus
 * ({@code src/test/resources/sandbox/allowed}) that uses them; docs/SECURITY.md says what to check first.
 */
final class AllowList {

    /** Fact types: every public member they declare. */
    static final Set<Class<?>> FACTS = Set.of(
            Observation.class, Finding.class, History.class, History.Sample.class, Nearby.class,
            Threshold.class, Direction.class, Silence.class, Reading.class, Device.class, Location.class,
            Level.class, Outcome.class, Reason.class, CoupledRisk.class, CoupledRisk.Step.class);

    private static final Set<String> NUMBER = Set.of("valueOf/1", "compare", "compareTo", "equals", "hashCode",
            "toString/0", "toString/1", "intValue", "longValue", "doubleValue", "floatValue", "shortValue", "byteValue",
            "max", "min", "sum", "signum", "MAX_VALUE", "MIN_VALUE");
    private static final Set<String> FLOATING = union(NUMBER, Set.of("isNaN", "isInfinite", "isFinite",
            "POSITIVE_INFINITY", "NEGATIVE_INFINITY", "NaN", "parseDouble", "parseFloat"));
    private static final Set<String> INTEGRAL = union(NUMBER, Set.of("parseInt/1", "parseLong/1", "parseShort/1",
            "parseByte/1"));

    /** Vetted values: the members allowed, by declaring type. */
    static final Map<Class<?>, Set<String>> VETTED = Map.ofEntries(
            entry(Object.class, Set.of("equals", "hashCode", "toString")),
            entry(Enum.class, Set.of("name", "ordinal", "compareTo", "equals", "hashCode", "toString")),
            entry(Comparable.class, Set.of("compareTo")),
            entry(CharSequence.class, Set.of("length", "charAt", "isEmpty", "toString")),
            entry(String.class, Set.of("length", "isEmpty", "isBlank", "charAt", "equals", "equalsIgnoreCase",
                    "compareTo", "compareToIgnoreCase", "startsWith", "endsWith", "contains", "indexOf", "lastIndexOf",
                    "substring", "toLowerCase/0", "toUpperCase/0", "trim", "strip", "valueOf/1", "hashCode",
                    "toString")),
            entry(Math.class, Set.of("abs", "max", "min", "round", "floor", "ceil", "rint", "sqrt", "cbrt", "pow", "exp",
                    "log", "log10", "signum", "hypot", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
                    "toRadians", "toDegrees", "floorDiv", "floorMod", "PI", "E")),
            entry(Number.class, Set.of("intValue", "longValue", "doubleValue", "floatValue", "shortValue",
                    "byteValue")),
            entry(Integer.class, INTEGRAL), entry(Long.class, INTEGRAL), entry(Short.class, INTEGRAL),
            entry(Byte.class, INTEGRAL), entry(Double.class, FLOATING), entry(Float.class, FLOATING),
            entry(Boolean.class, Set.of("valueOf/1", "parseBoolean", "booleanValue", "compare", "compareTo",
                    "logicalAnd", "logicalOr", "logicalXor", "equals", "hashCode", "toString", "TRUE", "FALSE")),
            entry(Character.class, Set.of("isDigit", "isLetter", "isLetterOrDigit", "isWhitespace", "isUpperCase",
                    "isLowerCase", "toUpperCase", "toLowerCase", "valueOf", "charValue", "compare", "compareTo",
                    "equals", "hashCode", "toString")),
            entry(Instant.class, Set.of("isBefore", "isAfter", "plusSeconds", "minusSeconds", "plusMillis",
                    "minusMillis", "getEpochSecond", "toEpochMilli", "ofEpochSecond/1", "ofEpochMilli", "plus/1",
                    "minus/1", "compareTo", "equals", "hashCode", "toString", "EPOCH")),
            entry(Duration.class, Set.of("between", "ofSeconds/1", "ofMinutes", "ofHours", "ofDays", "ofMillis",
                    "getSeconds", "toSeconds", "toMinutes", "toHours", "toDays", "toMillis", "isNegative", "isZero",
                    "compareTo", "plus/1", "minus/1", "plusSeconds", "minusSeconds", "abs", "negated", "equals",
                    "hashCode", "toString", "ZERO")),
            entry(BigDecimal.class, Set.of("valueOf/1", "compareTo", "signum", "add/1", "subtract/1", "negate/0",
                    "abs/0", "doubleValue", "intValue", "longValue", "scale", "equals", "hashCode", "toString", "ZERO",
                    "ONE", "TEN")),
            entry(BigInteger.class, Set.of("valueOf", "compareTo", "signum", "add", "subtract", "negate", "abs",
                    "intValue", "longValue", "doubleValue", "bitLength", "equals", "hashCode", "toString/0", "ZERO",
                    "ONE", "TWO", "TEN")),
            entry(Iterable.class, Set.of()),
            entry(Collection.class, Set.of("size", "isEmpty", "contains", "equals", "hashCode")),
            entry(List.class, Set.of("size", "isEmpty", "contains", "get", "indexOf", "equals", "hashCode")),
            entry(Set.class, Set.of("size", "isEmpty", "contains", "equals", "hashCode")),
            entry(Map.class, Set.of("size", "isEmpty", "get", "containsKey", "getOrDefault", "equals", "hashCode")),
            entry(Optional.class, Set.of("isPresent", "isEmpty", "get", "orElse", "equals", "hashCode")),
            entry(OptionalDouble.class, Set.of("isPresent", "isEmpty", "getAsDouble", "orElse", "equals",
                    "hashCode")));

    /**
     * Values a text or a number that grows with each operation is made of: held in a variable they may be read only
     * once, so that no sequence of statements can double their size ({@code s = s + s}, line after line).
     */
    static final Set<Class<?>> GROWING = Set.of(String.class, CharSequence.class, BigDecimal.class,
            BigInteger.class);

    private AllowList() {
    }

    /** Whether values of this type may appear in authored code at all. */
    static boolean type(Class<?> c) {
        return c.isPrimitive() || FACTS.contains(c) || VETTED.containsKey(c);
    }

    static boolean method(Method m) {
        if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge() || m.isVarArgs()) return false;
        return member(m.getDeclaringClass(), m.getName(), m.getParameterCount());
    }

    static boolean field(Field f) {
        int mod = f.getModifiers();
        return Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod)
                && member(f.getDeclaringClass(), f.getName(), -1);
    }

    static boolean constructor(Constructor<?> c) {
        return Modifier.isPublic(c.getModifiers()) && !c.isVarArgs() && FACTS.contains(c.getDeclaringClass());
    }

    private static boolean member(Class<?> declaring, String name, int parameters) {
        if (FACTS.contains(declaring)) return true;
        Set<String> names = VETTED.get(declaring);
        return names != null && (names.contains(name) || names.contains(name + "/" + parameters));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        HashSet<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
