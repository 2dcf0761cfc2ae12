package org.citysafe.service.registry;

/**
 * What a name may look like wherever it comes from outside (device, site, asset, gateway and message ids, district
 * path segments): an allow-list, so that what is stored can be shown in a console, put in an MQTT topic, a SQL row,
 * a CSV export or an SMS without surprises.
 * <ul>
 * <li>an <b>id</b> (device, site, asset): 1 to {@value #MAX_ID} letters and digits of any script (Chinese
 * included) and {@code - _ . :}, starting with a letter or digit;</li>
 * <li>a <b>message id</b>: 1 to {@value #MAX_MESSAGE_ID} characters, the same set and {@code # @ / + = ~},
 * starting with a letter or digit;</li>
 * <li>a <b>district segment</b>: 1 to {@value #MAX_SEGMENT} letters and digits of any script and {@code - _},
 * starting with a letter or digit.</li>
 * </ul>
 * Starting with a letter or digit keeps out spreadsheet formulas ({@code =}, {@code +}, {@code -}, {@code @}) and
 * relative path segments ({@code .}, {@code ..}); no control character, space or NUL byte is in any set.
 */
public final class Identifiers {

    public static final int MAX_ID = 128;
    public static final int MAX_MESSAGE_ID = 200;
    public static final int MAX_SEGMENT = 64;

    private static final String ID_PUNCTUATION = "-_.:";
    private static final String MESSAGE_ID_PUNCTUATION = "-_.:#@/+=~";
    private static final String SEGMENT_PUNCTUATION = "-_";

    private Identifiers() {
    }

    /** Why {@code value} is not a good id for {@code field}, or null when it is. */
    public static String idProblem(String field, String value) {
        return problem(field, value, MAX_ID, ID_PUNCTUATION);
    }

    public static String messageIdProblem(String field, String value) {
        return problem(field, value, MAX_MESSAGE_ID, MESSAGE_ID_PUNCTUATION);
    }

    public static String segmentProblem(String field, String value) {
        return problem(field, value, MAX_SEGMENT, SEGMENT_PUNCTUATION);
    }

    private static String problem(String field, String value, int max, String punctuation) {
        if (value == null || value.isEmpty()) return field + " is missing";
        int length = value.codePointCount(0, value.length());
        if (length > max) return field + " is " + length + " characters long; at most " + max;
        int first = value.codePointAt(0);
        if (!Character.isLetterOrDigit(first)) {
            return field + " '" + shown(value) + "' must start with a letter or digit";
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            boolean mark = Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK;
            if (!Character.isLetterOrDigit(c) && !mark && punctuation.indexOf(c) < 0) {
                return field + " '" + shown(value) + "' contains " + describe(c) + " at " + i
                        + "; allowed: letters, digits and " + String.join(" ", punctuation.split(""));
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /** The value with control and format characters shown as {@code \\uXXXX}: safe to print and to store. */
    public static String printable(String value) {
        if (value == null) return null;
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' || type == Character.FORMAT
                    || type == Character.SURROGATE) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** As {@link #printable}, cut to a length a reason can quote. */
    static String shown(String value) {
        String text = printable(value);
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static String describe(int c) {
        if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT) {
            return String.format("the control or space character U+%04X", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }
}
