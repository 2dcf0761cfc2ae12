package org.citysafe.service.escalation;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.citysafe.service.notify.Channel;

import java.time.Instant;
import java.util.List;

/**
 * An alarm's escalation as the API shows it: in a decision's {@code escalation} field and in the alarm view.
 *
 * @param run      1 for the chain started when the alarm opened, +1 for each re-trigger; null in a dry run
 * @param state    RUNNING (steps are pending), ENDED (none is), or PREVIEW (a dry run: the chain that would run)
 * @param nextStep the step due next, or the step waiting for a verdict; null when none is pending
 * @param timers   every step occurrence of the current run and its fate; only in the alarm view
 */
public record EscalationView(String chain, String version, Integer run, boolean selfConfirming, String state,
                             List<EscalationChain.Step> steps, EscalationChain.Repeat repeat, NextStep nextStep,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<Timer> timers) {

    /**
     * @param dueAt      when it is sent; null while it waits for a verdict
     * @param waitingFor what releases a held step (a CONFIRMED verdict), null for a timed step
     */
    public record NextStep(int step, int loop, Channel channel, String recipient, String state, Instant dueAt,
                           String waitingFor) {
    }

    /** One step occurrence: HELD, WAITING, FIRED, SKIPPED or CANCELLED, with why. */
    public record Timer(int step, int loop, Channel channel, String recipient, String state, Instant dueAt,
                        Instant doneAt, String outcome) {
    }
}
