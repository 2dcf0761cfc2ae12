package org.citysafe.service.registry;

import org.citysafe.rules.Device;
import org.citysafe.service.web.BadRequestException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/devices")
public class DeviceController {

    private final DeviceRegistry registry;

    private final DistrictAccess scopes;

    public DeviceController(DeviceRegistry registry, DistrictAccess scopes) {
        this.scopes = scopes;
        this.registry = registry;
    }

    public record DevicesRequest(List<DeviceRegistration> devices) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public RegistrationResult register(@RequestBody DevicesRequest request) {
        if (request == null || request.devices() == null) {
            throw new BadRequestException("body must be {\"devices\":[...]}");
        }
        return registry.register(request.devices());
    }

    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    public RegistrationResult registerCsv(@RequestBody String csv) {
        return registry.register(DeviceCsv.parse(csv));
    }

    @GetMapping("/{deviceId}")
    public Device get(@PathVariable String deviceId, Authentication who) {
        Device device = registry.find(deviceId).orElseThrow(() -> new NotFoundException("no device '" + deviceId + "'"));
        scopes.requireCovered(who, device.districtPath(), "device '" + deviceId + "'");
        return device;
    }

    /** A district-scoped account asks for its districts or one above them, and sees the devices of its own. */
    @GetMapping
    public List<Device> list(@RequestParam String district, @RequestParam(defaultValue = "100") int limit,
                             Authentication who) {
        scopes.requireRead(who, district);
        return registry.inDistrict(district, Math.min(Math.max(limit, 1), 1000)).stream()
                .filter(d -> scopes.covers(who, d.districtPath())).toList();
    }
}
