package io.kontor.invoices;

import io.kontor.model.Invoice.Extension;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a structured invoice carries that the canonical model has no term for: every element with a value that no
 * reader took ({@link XmlPaths} marks what it reads), with its place in the document — kept with the invoice as
 * {@link Extension}s, so nothing the supplier wrote is dropped without a note.
 */
final class UnmappedContent {

    /** Past this many a document is listing the same kind of thing over and over; the count still says how many. */
    static final int MAX_LISTED = 200;
    private static final int MAX_VALUE = 500;

    static List<Extension> of(Element root) {
        List<Extension> found = new ArrayList<>();
        walk(root, "/" + root.getNodeName(), found);
        return found;
    }

    private static void walk(Element element, String path, List<Extension> found) {
        Map<String, Integer> seen = new HashMap<>();
        boolean hasChildElements = false;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                hasChildElements = true;
                int index = seen.merge(e.getNodeName(), 1, Integer::sum);
                walk(e, path + "/" + e.getNodeName() + "[" + index + "]", found);
            }
        }
        if (!hasChildElements && element.getUserData(XmlPaths.READ) == null && found.size() < MAX_LISTED) {
            String value = element.getTextContent().strip();
            if (!value.isEmpty()) {
                found.add(new Extension(path.replace("[1]", ""), value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value));
            }
        }
    }

    private UnmappedContent() {
    }
}
