package org.citysafe.service.registry;

import org.citysafe.rules.Device;

import java.util.List;

/** Published when devices were registered or updated on this instance (the asset network attaches them). */
public record DevicesRegistered(List<Device> devices) {
}
