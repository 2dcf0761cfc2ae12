package org.citysafe.service.web;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.citysafe.routes.ingest.MalformedBodyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

@RestControllerAdvice
public class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ApiError> badRequest(BadRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage(), e.details());
    }

    @ExceptionHandler(MalformedBodyException.class)
    ResponseEntity<ApiError> malformed(MalformedBodyException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ApiError> tooLarge(PayloadTooLargeException e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage(), List.of());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage(), List.of());
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ApiError> forbidden(ForbiddenException e) {
        return error(HttpStatus.FORBIDDEN, e.getMessage(), List.of());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ApiError> conflict(ConflictException e) {
        return error(HttpStatus.CONFLICT, e.getMessage(), List.of());
    }

    @ExceptionHandler(ServiceBusyException.class)
    ResponseEntity<ApiError> busy(ServiceBusyException e) {
        return unavailable(e.getMessage());
    }

    /** The database is away or overloaded: nothing was taken, and the same request may be sent again shortly. */
    @ExceptionHandler({TransientDataAccessException.class, DataAccessResourceFailureException.class,
            RecoverableDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ApiError> databaseUnavailable(Exception e) {
        log.warn("database unavailable: {}", e.toString());
        return unavailable("the database is not available; nothing was stored, send the request again");
    }

    /** Input the database would not store: a check missing before it; the caller learns why, and we do too. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiError> notStorable(DataIntegrityViolationException e) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        log.error("input not storable [{}]", ref, e);
        return error(HttpStatus.BAD_REQUEST, "the request could not be stored: " + rootMessage(e)
                + " (reference " + ref + ")", List.of());
    }

    /**
     * Everything else: Spring's own exceptions keep their status; a fault of ours is a 500 that says so, with a
     * reference to find it in the log, never a bare one.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) throws Exception {
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) throw e; // Spring Security's
        if (e instanceof ErrorResponse response) {
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            if (status == null) status = HttpStatus.BAD_REQUEST;
            String detail = response.getBody().getDetail();
            return error(status, detail == null ? e.getMessage() : detail, List.of());
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        log.error("unexpected failure [{}]", ref, e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "the service failed on this request ("
                + e.getClass().getSimpleName() + "); nothing of it may have been stored; reference " + ref
                + " in the service's log", List.of());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String problem = cause instanceof InvalidFormatException invalid
                    ? "value " + invalid.getValue() + " is not a " + invalid.getTargetType().getSimpleName()
                    : "has the wrong type";
            return error(HttpStatus.BAD_REQUEST, "body has field errors", List.of(field + ": " + problem));
        }
        return error(HttpStatus.BAD_REQUEST, "body is not valid JSON of the expected shape", List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage(), List.of());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ApiError> parameter(Exception e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
    }

    private static ResponseEntity<ApiError> unavailable(String message) {
        HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(new ApiError(status.value(), status.getReasonPhrase(), message, List.of()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String message, List<String> details) {
        return ResponseEntity.status(status)
                .body(new ApiError(status.value(), status.getReasonPhrase(), message, details));
    }
}
