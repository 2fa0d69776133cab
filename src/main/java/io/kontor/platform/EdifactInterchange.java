package io.kontor.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An EDIFACT interchange read with StAEDI into its segments, message by message, in the character set its UNB
 * names — what the ORDERS and INVOIC mappers work from. Envelopes are read leniently (partners' control counts are
 * often off), the syntax strictly.
 */
public record EdifactInterchange(Segment unb, List<List<Segment>> messages) {

    public record Segment(String tag, Map<Integer, Map<Integer, String>> elements) {

        public String get(int element, int component) {
            Map<Integer, String> e = elements.get(element);
            if (e == null) {
                return null;
            }
            String v = e.get(component);
            return v == null || v.isEmpty() ? null : v;
        }

        public String get(int element) {
            return get(element, 1);
        }

        public JsonNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("tag", tag);
            ArrayNode els = o.putArray("elements");
            int max = elements.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (int i = 1; i <= max; i++) {
                ArrayNode comps = els.addArray();
                Map<Integer, String> c = elements.getOrDefault(i, Map.of());
                int maxC = c.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                for (int j = 1; j <= maxC; j++) {
                    comps.add(c.getOrDefault(j, ""));
                }
            }
            return o;
        }
    }

    /** Reads the interchange into its UNB and messages (UNH…UNT). Envelope and syntax errors refuse it. */
    public static EdifactInterchange read(String fileName, byte[] bytes) {
        List<List<Segment>> messages = new ArrayList<>();
        EDIInputFactory factory = EDIInputFactory.newFactory();
        // partners' envelopes are often a little off (group headers, control counts); the content is what is checked
        factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_STRUCTURE, false);
        factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_CODE_VALUES, false);
        Segment unb = null;
        List<Segment> message = null;
        Segment current = null;
        List<String> errors = new ArrayList<>();
        try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(bytes), charsetOf(bytes))) {
            while (reader.hasNext()) {
                EDIStreamEvent event = reader.next();
                switch (event) {
                    case START_SEGMENT -> current = new Segment(reader.getText(), new TreeMap<>());
                    case ELEMENT_DATA -> {
                        int element = reader.getLocation().getElementPosition();
                        int component = Math.max(1, reader.getLocation().getComponentPosition());
                        current.elements().computeIfAbsent(element, k -> new TreeMap<>()).put(component, reader.getText());
                    }
                    case END_SEGMENT -> {
                        switch (current.tag()) {
                            case "UNB" -> unb = current;
                            case "UNH" -> {
                                message = new ArrayList<>();
                                message.add(current);
                            }
                            case "UNT" -> {
                                if (message != null) {
                                    message.add(current);
                                    messages.add(message);
                                }
                                message = null;
                            }
                            default -> {
                                if (message != null) {
                                    message.add(current);
                                }
                            }
                        }
                    }
                    case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> errors.add(reader.getErrorType() + " at "
                            + reader.getLocation().getSegmentTag() + " (segment " + reader.getLocation().getSegmentPosition() + ")");
                    default -> {
                        // interchange, group and transaction boundaries carry nothing an order needs
                    }
                }
            }
        } catch (EDIStreamException | IOException | RuntimeException e) {
            throw new BadInputException("Interchange " + fileName + " is not valid EDIFACT: " + e.getMessage(), e);
        }
        if (!errors.isEmpty()) {
            throw new BadInputException("Interchange " + fileName + " is not valid EDIFACT: " + String.join("; ", errors));
        }
        if (unb == null) {
            throw new BadInputException("Interchange " + fileName + " has no UNB segment");
        }
        return new EdifactInterchange(unb, messages);
    }

    /** The character set the UNB syntax identifier names (UNOA/UNOB ASCII, UNOC Latin-1, UNOD-F other ISO 8859 parts, UNOW/UNOY UTF-8). */
    public static String charsetOf(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.ISO_8859_1);
        int unb = head.indexOf("UNB");
        String syntax = unb < 0 || head.length() < unb + 8 ? "" : head.substring(unb + 4, unb + 8);
        return switch (syntax) {
            case "UNOA", "UNOB" -> "US-ASCII";
            case "UNOD" -> "ISO-8859-2";
            case "UNOE" -> "ISO-8859-5";
            case "UNOF" -> "ISO-8859-7";
            case "UNOW", "UNOY" -> "UTF-8";
            default -> "ISO-8859-1"; // UNOC, and the lenient reading of anything unnamed
        };
    }
}
