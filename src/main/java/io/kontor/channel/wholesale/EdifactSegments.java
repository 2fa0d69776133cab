package io.kontor.channel.wholesale;

import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;

/** Writing EDIFACT segments with StAEDI, for the messages the hub sends partners (DESADV, INVRPT). */
final class EdifactSegments {

    private EdifactSegments() {
    }

    /**
     * Opens an EANCOM interchange (UNOC:3, senders and receivers by GLN, qualifier 14) with its reference, the writer
     * checking the service segments against StAEDI's EDIFACT syntax version 3 control schema.
     */
    static void startInterchange(EDIStreamWriter w, String from, String to, java.time.Instant at, String reference) throws EDIStreamException {
        try {
            w.setControlSchema(io.xlate.edi.schema.SchemaFactory.newFactory()
                    .getControlSchema(io.xlate.edi.stream.EDIStreamConstants.Standards.EDIFACT, new String[]{"UNOC", "3"}));
        } catch (io.xlate.edi.schema.EDISchemaException e) {
            throw new IllegalStateException("StAEDI ships the EDIFACT v3 control schema", e);
        }
        java.time.format.DateTimeFormatter yyMMdd = java.time.format.DateTimeFormatter.ofPattern("yyMMdd", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC);
        java.time.format.DateTimeFormatter hhmm = java.time.format.DateTimeFormatter.ofPattern("HHmm", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC);
        w.startInterchange();
        w.writeStartSegment("UNB");
        w.writeStartElement().writeComponent("UNOC").writeComponent("3").endElement();
        w.writeStartElement().writeComponent(from).writeComponent("14").endElement();
        w.writeStartElement().writeComponent(to).writeComponent("14").endElement();
        w.writeStartElement().writeComponent(yyMMdd.format(at)).writeComponent(hhmm.format(at)).endElement();
        w.writeElement(reference);
        w.writeEmptyElement().writeEmptyElement().writeEmptyElement().writeEmptyElement();
        w.writeElement("EANCOM");
        w.writeEndSegment();
    }

    /** A segment of simple elements (String) and composites (String[]); empty strings stay empty positions. */
    static void write(EDIStreamWriter w, String tag, Object... elements) throws EDIStreamException {
        w.writeStartSegment(tag);
        for (Object e : elements) {
            if (e instanceof String[] parts) {
                w.writeStartElement();
                for (String p : parts) {
                    if (p.isEmpty()) {
                        w.writeEmptyComponent();
                    } else {
                        w.writeComponent(p);
                    }
                }
                w.endElement();
            } else if (((String) e).isEmpty()) {
                w.writeEmptyElement();
            } else {
                w.writeElement((String) e);
            }
        }
        w.writeEndSegment();
    }
}
