package org.citysafe.service.alarm;

/**
 * Published inside the transaction that changed an alarm, so that listeners (the escalation chain) act in that
 * same transaction: either the transition and its consequences are stored, or neither is.
 *
 * @param alarm      the alarm as it is after the change
 * @param fromStatus its status before
 * @param verdict    the verdict just given, for VERIFIED; null otherwise
 * @param actor      who caused it: a user, {@code rules} or {@code escalation}
 */
public record AlarmTransition(Alarm alarm, Type type, AlarmStatus fromStatus, Verdict verdict, String actor,
                              String cause) {

    public enum Type {
        /** a decision opened the alarm */
        OPENED,
        /** a decision or an operator made it more severe: a re-trigger */
        LEVEL_RAISED,
        /** an operator made it less severe */
        LEVEL_LOWERED,
        /** acknowledged, verified, dispatched, resolved or closed */
        STATUS_CHANGED
    }
}
