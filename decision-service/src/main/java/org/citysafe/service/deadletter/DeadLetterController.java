package org.citysafe.service.deadletter;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Everything refused at ingest, newest first, with the raw input and the reason. */
@RestController
@RequestMapping("/api/v1/dead-letters")
public class DeadLetterController {

    private final DeadLetterStore store;

    public DeadLetterController(DeadLetterStore store) {
        this.store = store;
    }

    @GetMapping
    public List<DeadLetter> list(@RequestParam(required = false) String route,
                                 @RequestParam(defaultValue = "100") int limit) {
        return store.recent(route, Math.min(Math.max(limit, 1), 1000));
    }
}
