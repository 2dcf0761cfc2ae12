package org.citysafe.rules.catalog;

/**
 * What kind of signal a metric is, which decides how one reading of it is trusted (docs/THRESHOLDS.md, "Signal
 * kinds"). The default treatment of each kind is a set of policy parameters named after it
 * ({@code confirm.spike.seconds.<KIND>.<LEVEL>}, {@code fault.stuck.count.<KIND>}, ...), overridable per district
 * and per scenario like any other parameter.
 */
public enum SignalKind {

    /** An on/off state from a device that verifies it itself (a smoke alarm, a controller's fire state). */
    BINARY_SELF_VERIFIED,
    /** A quantity with physical transients shorter than a hazard: inrush current, water hammer, gusts, vibration. */
    FAST_TRANSIENT,
    /** A structural quantity judged on its sustained value: traffic and gusts load it for seconds only. */
    QUASI_STATIC_STRUCTURAL,
    /** A slowly varying process value: a level, a temperature, a concentration, a flow. */
    SLOW_PROCESS,
    /** Each reading is one measured event (a vehicle's weight, an impact's peak): the instrument triggered on it. */
    EVENT_PEAK;

    /** Sampled from a continuously varying quantity: one sample may be a transient, and a frozen sensor shows. */
    public boolean isContinuous() {
        return this == FAST_TRANSIENT || this == QUASI_STATIC_STRUCTURAL || this == SLOW_PROCESS;
    }
}
