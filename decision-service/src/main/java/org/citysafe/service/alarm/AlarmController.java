package org.citysafe.service.alarm;

import org.citysafe.rules.Level;
import org.citysafe.service.web.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/alarms")
public class AlarmController {

    private final AlarmStore alarms;

    public AlarmController(AlarmStore alarms) {
        this.alarms = alarms;
    }

    /** Alarms, most recently changed first; {@code district} matches that district and everything below it. */
    @GetMapping
    public List<Alarm> list(@RequestParam(required = false) String district,
                            @RequestParam(required = false) AlarmStatus status,
                            @RequestParam(required = false) Level level,
                            @RequestParam(defaultValue = "100") int limit) {
        return alarms.list(new AlarmStore.Filter(district, status, level, Math.min(Math.max(limit, 1), 1000)));
    }

    /** One alarm with its timeline. */
    @GetMapping("/{id}")
    public Alarm get(@PathVariable String id) {
        return alarms.find(id).orElseThrow(() -> new NotFoundException("no alarm '" + id + "'"));
    }
}
