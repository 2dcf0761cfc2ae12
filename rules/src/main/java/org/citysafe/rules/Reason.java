package org.citysafe.rules;

/** Why a decision came out as it did: the rule and its explanation, in English and Chinese. */
public record Reason(String ruleId, String message, String messageZh) {

    /**
     * The longest message kept. Authored rules write free text into findings; a rule that feeds a finding's
     * message into the next one's must not be able to double it with each firing.
     */
    public static final int MAX_MESSAGE = 2_000;

    public Reason {
        message = cap(message);
        messageZh = cap(messageZh);
    }

    private static String cap(String s) {
        return s == null || s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 1) + "…";
    }

    public static Reason of(String ruleId, String message, String messageZh) {
        return new Reason(ruleId, message, messageZh);
    }
}
