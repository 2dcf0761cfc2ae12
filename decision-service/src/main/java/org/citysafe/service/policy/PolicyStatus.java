package org.citysafe.service.policy;

/** Where a policy version is in its lifecycle: draft → validated → previewed → approved → published. */
public enum PolicyStatus {
    DRAFT, VALIDATED, PREVIEWED, APPROVED, PUBLISHED
}
