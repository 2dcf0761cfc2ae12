package org.citysafe.rules;

/** Why a decision came out as it did: the rule and its explanation, in English and Chinese. */
public record Reason(String ruleId, String message, String messageZh) {

    public static Reason of(String ruleId, String message, String messageZh) {
        return new Reason(ruleId, message, messageZh);
    }
}
