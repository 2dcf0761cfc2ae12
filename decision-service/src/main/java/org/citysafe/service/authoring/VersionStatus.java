package org.citysafe.service.authoring;

/** A version is written as a DRAFT, VALIDATED once it compiles with everything published, then PUBLISHED for good. */
public enum VersionStatus {
    DRAFT, VALIDATED, PUBLISHED
}
