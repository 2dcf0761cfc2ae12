package org.citysafe.service.registry;

import org.citysafe.rules.Contact;
import org.citysafe.rules.Location;
import org.citysafe.service.web.BadRequestException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Devices as CSV, the way registries are exported from spreadsheets. A header row names the columns:
 * {@code deviceId,deviceType,siteId,districtPath,assetId,reportingIntervalSeconds,lat,lon,contacts,tags}; only the first
 * four are required. {@code tags} is a {@code ;}-separated list. {@code contacts} holds {@code name|role|phone|wechat} entries separated by {@code ;}.
 * Fields may be double-quoted (RFC 4180).
 */
public final class DeviceCsv {

    private DeviceCsv() {
    }

    public static List<DeviceRegistration> parse(String csv) {
        List<List<String>> rows = rows(csv);
        if (rows.isEmpty()) throw new BadRequestException("CSV is empty; the first row must name the columns");
        Map<String, Integer> header = new HashMap<>();
        List<String> names = rows.get(0);
        for (int i = 0; i < names.size(); i++) header.put(names.get(i).trim(), i);
        for (String required : List.of("deviceId", "deviceType", "siteId", "districtPath")) {
            if (!header.containsKey(required)) {
                throw new BadRequestException("CSV header lacks the column '" + required + "'");
            }
        }
        List<DeviceRegistration> devices = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) continue;
            int line = r + 1;
            try {
                String lat = cell(row, header, "lat");
                String lon = cell(row, header, "lon");
                String interval = cell(row, header, "reportingIntervalSeconds");
                devices.add(new DeviceRegistration(cell(row, header, "deviceId"), cell(row, header, "deviceType"),
                        cell(row, header, "siteId"), cell(row, header, "districtPath"), cell(row, header, "assetId"),
                        interval == null ? null : Integer.valueOf(interval),
                        lat == null || lon == null ? null : new Location(Double.parseDouble(lat), Double.parseDouble(lon)),
                        contacts(cell(row, header, "contacts")), tags(cell(row, header, "tags"))));
            } catch (NumberFormatException e) {
                errors.add("line " + line + ": a number is malformed (" + e.getMessage() + ")");
            }
        }
        if (!errors.isEmpty()) throw new BadRequestException("CSV rows are malformed", errors);
        return devices;
    }

    private static String cell(List<String> row, Map<String, Integer> header, String column) {
        Integer i = header.get(column);
        if (i == null || i >= row.size()) return null;
        String v = row.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    private static List<Contact> contacts(String cell) {
        List<Contact> contacts = new ArrayList<>();
        if (cell == null) return contacts;
        for (String entry : cell.split(";")) {
            if (entry.isBlank()) continue;
            String[] f = entry.split("\\|", -1);
            contacts.add(new Contact(at(f, 0), at(f, 1), at(f, 2), at(f, 3)));
        }
        return contacts;
    }

    private static List<String> tags(String cell) {
        if (cell == null) return List.of();
        return Arrays.stream(cell.split(";")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static String at(String[] fields, int i) {
        return i < fields.length && !fields[i].isBlank() ? fields[i].trim() : null;
    }

    /** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
    public static List<List<String>> rows(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
