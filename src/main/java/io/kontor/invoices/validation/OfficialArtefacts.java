package io.kontor.invoices.validation;

import net.sf.saxon.lib.ResourceRequest;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SAXDestination;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates a structured invoice with the official artefacts of its own specification and profile, as the document
 * names them (BT-24): EN 16931 CII or UBL with CEN/TC 434's Schematron, XRechnung with CEN's and KoSIT's, Peppol BIS 3
 * with OpenPeppol's, Factur-X/ZUGFeRD with the rule set and XSD of its profile (MINIMUM and BASIC WL have their own),
 * ZUGFeRD 1.0 with its own. Each stylesheet and schema is compiled once, on first use, and shared by every thread;
 * a document then costs a few milliseconds per artefact (docs/benchmarks.md).
 */
@Component
public class OfficialArtefacts {

    private static final Logger log = LoggerFactory.getLogger(OfficialArtefacts.class);

    static final String CII_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    static final String ZUGFERD_1_NS = "urn:ferd:CrossIndustryDocument:invoice:1p0";
    static final String UBL_INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    static final String UBL_CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    private static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
    /** More findings than this from one artefact say nothing more; a hostile document must not fill the database. */
    static final int MAX_FINDINGS = 100;
    /** "[BR-CO-15]-Invoice total …" → "Invoice total …": the id is kept apart. */
    private static final Pattern ID_PREFIX = Pattern.compile("^\\s*\\[[^\\]]{1,60}]\\s*-?\\s*");

    private static final Pattern NAMESPACE_TESTS = Pattern.compile("\\[namespace-uri\\(\\)='[^']*']");

    private final Processor saxon = new Processor(false);
    /**
     * Compiled stylesheets, held softly: a compiled artefact keeps 1–22 MB (ZUGFeRD 1.0's 96 MB), so under memory
     * pressure a rarely used one is dropped and compiled again when next needed.
     */
    private final Map<String, SoftReference<XsltExecutable>> stylesheets = new ConcurrentHashMap<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    /** The code lists some stylesheets read with document(), parsed once from beside the stylesheet. */
    private final Map<String, XdmNode> codeLists = new ConcurrentHashMap<>();

    /** The artefacts that decide on a document, by its root and specification identifier; {@code inPdf} for the XML of a hybrid PDF. */
    public static List<Artefact> forDocument(String rootNamespace, String rootName, String specification, boolean inPdf) {
        String spec = specification == null ? "" : specification.toLowerCase(Locale.ROOT);
        if (ZUGFERD_1_NS.equals(rootNamespace)) {
            return List.of(Artefact.ZUGFERD_1);
        }
        if (CII_NS.equals(rootNamespace)) {
            if (spec.contains("xrechnung")) {
                return List.of(Artefact.EN16931_CII, Artefact.xrechnung("CII", spec));
            }
            if (spec.contains("minimum")) {
                return List.of(Artefact.facturX("MINIMUM"));
            }
            if (spec.contains("basicwl")) {
                return List.of(Artefact.facturX("BASIC-WL"));
            }
            if (spec.contains("extended")) {
                return List.of(Artefact.facturX("EXTENDED"));
            }
            if (spec.contains(":basic")) {
                return List.of(Artefact.facturX("BASIC"));
            }
            // EN 16931 itself: in a Factur-X/ZUGFeRD PDF that is the EN16931 profile, bare it is CEN's CII binding
            return List.of(inPdf ? Artefact.facturX("EN16931") : Artefact.EN16931_CII);
        }
        if (UBL_INVOICE_NS.equals(rootNamespace) || UBL_CREDIT_NOTE_NS.equals(rootNamespace)) {
            Artefact schema = Artefact.ublSchema(rootName);
            if (spec.contains("xrechnung")) {
                return List.of(schema, Artefact.EN16931_UBL, Artefact.xrechnung("UBL", spec));
            }
            if (spec.contains("peppol")) {
                return List.of(schema, Artefact.PEPPOL_CEN_UBL, Artefact.PEPPOL_UBL);
            }
            return List.of(schema, Artefact.EN16931_UBL);
        }
        throw new IllegalArgumentException("no official artefact validates a " + rootName + " in " + rootNamespace);
    }

    /** Compiles the artefacts' stylesheets and schemas now rather than at the first invoice that needs them. */
    public void prepare(List<Artefact> artefacts) {
        for (Artefact artefact : artefacts) {
            if (artefact.stylesheet() != null) {
                stylesheet(artefact.stylesheet());
            }
            if (artefact.schema() != null) {
                schemas.computeIfAbsent(artefact.schema(), OfficialArtefacts::loadSchema);
            }
        }
    }

    /** Runs the artefacts the document's own specification calls for. */
    public Verdict validate(Document document, boolean inPdf) {
        Element root = document.getDocumentElement();
        return validate(document, forDocument(root.getNamespaceURI(), root.getLocalName(), specification(root), inPdf));
    }

    public Verdict validate(Document document, List<Artefact> artefacts) {
        List<Finding> findings = new ArrayList<>();
        XdmNode tree = null;
        for (Artefact artefact : artefacts) {
            if (artefact.schema() != null) {
                findings.addAll(checkSchema(document, artefact));
            }
            if (artefact.stylesheet() != null) {
                if (tree == null) {
                    tree = build(document);
                }
                findings.addAll(checkSchematron(tree, artefact));
            }
        }
        return new Verdict(artefacts.stream().map(Artefact::name).toList(), List.copyOf(findings));
    }

    private XdmNode build(Document document) {
        try {
            return saxon.newDocumentBuilder().build(new DOMSource(document));
        } catch (SaxonApiException e) {
            throw new IllegalStateException("the validator could not take the parsed document: " + e.getMessage(), e);
        }
    }

    private List<Finding> checkSchematron(XdmNode document, Artefact artefact) {
        Xslt30Transformer transformer = stylesheet(artefact.stylesheet()).load30();
        String folder = artefact.stylesheet().substring(0, artefact.stylesheet().lastIndexOf('/') + 1);
        transformer.setResourceResolver(request -> codeList(folder, request));
        SvrlFindings findings = new SvrlFindings(artefact.name());
        try {
            transformer.setGlobalContextItem(document);
            transformer.applyTemplates(document, new SAXDestination(findings));
        } catch (SaxonApiException e) {
            throw new IllegalStateException(artefact.name() + " could not run on the document: " + e.getMessage(), e);
        }
        return findings.found;
    }

    /**
     * Takes the findings out of the SVRL report as it is written, without building it: the report also lists every
     * rule that fired, which would cost more to keep than the findings themselves.
     */
    private static final class SvrlFindings extends DefaultHandler {
        private final String artefact;
        private final List<Finding> found = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private String id;
        private String flag;
        private String location;
        private boolean report;
        private boolean inFinding;
        private boolean inText;

        SvrlFindings(String artefact) {
            this.artefact = artefact;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (!SVRL.equals(uri)) {
                return;
            }
            if (localName.equals("failed-assert") || localName.equals("successful-report")) {
                inFinding = true;
                report = localName.equals("successful-report");
                id = attributes.getValue("id");
                flag = attributes.getValue("flag");
                location = attributes.getValue("location");
                text.setLength(0);
            } else if (inFinding && localName.equals("text")) {
                inText = true;
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inText && text.length() < 2_000) {
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (!SVRL.equals(uri)) {
                return;
            }
            if (localName.equals("text")) {
                inText = false;
            } else if (inFinding && (localName.equals("failed-assert") || localName.equals("successful-report"))) {
                inFinding = false;
                if (found.size() < MAX_FINDINGS) {
                    // a report without a flag is the artefact telling what it saw (Factur-X: content the profile does not use)
                    Finding.Severity severity = report && flag == null ? Finding.Severity.INFORMATION : Finding.Severity.ofFlag(flag);
                    String said = ID_PREFIX.matcher(text.toString().strip()).replaceFirst("").replaceAll("\\s+", " ");
                    found.add(new Finding(id == null ? artefact : id, severity, said, readable(location), artefact));
                }
            }
        }
    }

    /** "/*:Invoice[namespace-uri()='…'][1]/*:AccountingSupplierParty[namespace-uri()='…'][1]" → "/Invoice[1]/AccountingSupplierParty[1]". */
    static String readable(String location) {
        return location == null ? null : NAMESPACE_TESTS.matcher(location).replaceAll("").replace("*:", "");
    }

    private Source codeList(String folder, ResourceRequest request) {
        String name = request.relativeUri == null ? request.uri : request.relativeUri;
        String file = name.substring(name.lastIndexOf('/') + 1);
        if (!file.matches("[A-Za-z0-9_.-]+\\.xml")) {
            throw new IllegalArgumentException("an artefact asked for " + name + ", which is not a code list beside it");
        }
        return codeLists.computeIfAbsent(folder + file, path -> {
            try (InputStream in = resource(path).openStream()) {
                return saxon.newDocumentBuilder().build(new StreamSource(in, path));
            } catch (IOException | SaxonApiException e) {
                throw new IllegalStateException("code list " + path + " of an artefact is unreadable", e);
            }
        }).getUnderlyingNode();
    }

    private List<Finding> checkSchema(Document document, Artefact artefact) {
        Schema schema = schemas.computeIfAbsent(artefact.schema(), OfficialArtefacts::loadSchema);
        Validator validator = schema.newValidator();
        List<Finding> found = new ArrayList<>();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) {
                    if (found.size() < MAX_FINDINGS) {
                        found.add(new Finding("XSD", Finding.Severity.ERROR, e.getMessage(), null, artefact.name()));
                    }
                }

                @Override
                public void fatalError(SAXParseException e) {
                    error(e);
                }
            });
            validator.validate(new DOMSource(document));
        } catch (SAXException e) {
            if (found.isEmpty()) {
                found.add(new Finding("XSD", Finding.Severity.ERROR, e.getMessage(), null, artefact.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private XsltExecutable stylesheet(String path) {
        XsltExecutable[] held = new XsltExecutable[1];
        stylesheets.compute(path, (key, kept) -> {
            held[0] = kept == null ? null : kept.get();
            if (held[0] != null) {
                return kept;
            }
            held[0] = compile(key);
            return new SoftReference<>(held[0]);
        });
        return held[0];
    }

    private XsltExecutable compile(String path) {
        URL url = resource(path);
        try (InputStream in = url.openStream()) {
            XsltCompiler compiler = saxon.newXsltCompiler();
            // the published stylesheets draw style warnings from Saxon (xsl:value-of in functions); they are not ours to fix
            compiler.setErrorReporter(error -> {
                if (error.isWarning()) {
                    log.debug("{}: {}", path, error.getMessage());
                } else {
                    log.warn("{}: {}", path, error.getMessage());
                }
            });
            return compiler.compile(new StreamSource(in, url.toExternalForm()));
        } catch (IOException | SaxonApiException e) {
            throw new IllegalStateException("the artefact " + path + " does not compile: " + e.getMessage(), e);
        }
    }

    private static Schema loadSchema(String path) {
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file"); // the schema's own imports, beside it
            return factory.newSchema(resource(path));
        } catch (SAXException e) {
            throw new IllegalStateException("the schema " + path + " does not load: " + e.getMessage(), e);
        }
    }

    private static URL resource(String path) {
        URL url = OfficialArtefacts.class.getResource(path);
        if (url == null) {
            throw new IllegalStateException("the artefact " + path + " is not on the classpath (Mustang's validator, phive's Peppol rules)");
        }
        return url;
    }

    /** BT-24 as CII (GuidelineSpecifiedDocumentContextParameter/ID) or UBL (CustomizationID) carry it, null when absent. */
    static String specification(Element root) {
        NodeList guideline = root.getElementsByTagNameNS("*", "GuidelineSpecifiedDocumentContextParameter");
        if (guideline.getLength() > 0) {
            NodeList id = ((Element) guideline.item(0)).getElementsByTagNameNS("*", "ID");
            return id.getLength() > 0 ? id.item(0).getTextContent().strip() : null;
        }
        NodeList customization = root.getElementsByTagNameNS("*", "CustomizationID");
        for (int i = 0; i < customization.getLength(); i++) {
            if (customization.item(i).getParentNode() == root) {
                return customization.item(i).getTextContent().strip();
            }
        }
        return null;
    }
}
