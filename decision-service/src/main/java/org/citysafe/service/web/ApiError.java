package org.citysafe.service.web;

import java.util.List;

/** Every error answer of the API: a short code, what went wrong, and details (field errors, line numbers). */
public record ApiError(int status, String error, String message, List<String> details) {
}
