package org.citysafe.rules;

/** What was concluded about one reading. */
public enum Outcome {
    /** A hazard: an alarm is raised or updated. */
    ALARM,
    /** A hazard condition was seen but a rule held it back (explained in the reasons). */
    SUPPRESSED,
    /** The device, not the world, is wrong: goes to maintenance, not to 119. */
    FAULT,
    /** Nothing to act on. */
    NORMAL,
    /** The reading could not be used; the reasons say why. */
    REJECTED
}
