package org.citysafe.service.authoring;

import org.citysafe.rules.engine.CompilationProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/** A refused publish, rollback or test answers 422 with the located problems or the failing test cases. */
@RestControllerAdvice(assignableTypes = RulePackageController.class)
class RulesRefusedHandler {

    record Refusal(int status, String error, String message, List<CompilationProblem> problems,
                   List<RuleTests.CaseResult> failedCases) {
    }

    @ExceptionHandler(RulePackages.RulesRefused.class)
    ResponseEntity<Refusal> refused(RulePackages.RulesRefused e) {
        HttpStatus status = HttpStatus.UNPROCESSABLE_ENTITY;
        return ResponseEntity.status(status).body(new Refusal(status.value(), status.getReasonPhrase(),
                e.getMessage(), e.problems(), e.failedCases()));
    }
}
