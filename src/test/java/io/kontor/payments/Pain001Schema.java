package io.kontor.payments;

import com.prowidesoftware.swift.model.mx.dic.CustomerCreditTransferInitiationV09;
import io.kontor.platform.SecureXml;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.SchemaOutputResolver;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.Result;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The pain.001.001.09 schema to validate payment files against. The official XSD when {@code -Dkontor.pain001.xsd}
 * points at it (it is neither in ../shared/corpus nor in prowide's jar); otherwise the structure prowide's message
 * model was generated from — element names, order and cardinality of every element, generated back into a schema
 * from its JAXB classes. That derived schema does not carry the official simple-type facets (text lengths, IBAN and
 * BIC patterns, amount digits); {@link SepaCreditTransferFileTest} checks those as the EPC rules state them.
 */
public final class Pain001Schema {

    static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    private Pain001Schema() {
    }

    /** True when validating against the official XSD rather than the structure derived from prowide's model. */
    static boolean official() {
        String xsd = System.getProperty("kontor.pain001.xsd", System.getenv("KONTOR_PAIN001_XSD"));
        return xsd != null && new File(xsd).isFile();
    }

    /** Throws a {@link SAXException} naming the first element out of place. */
    public static void validate(String xml) throws SAXException, IOException {
        schema().newValidator().validate(new DOMSource(SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement()));
    }

    private static Schema schema() throws SAXException, IOException {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        if (official()) {
            return factory.newSchema(new File(System.getProperty("kontor.pain001.xsd", System.getenv("KONTOR_PAIN001_XSD"))));
        }
        return factory.newSchema(new StreamSource(new StringReader(derived())));
    }

    /** prowide's model as a schema in the message's namespace, with its root: Document / CstmrCdtTrfInitn. */
    private static String derived() throws IOException {
        StringWriter types = new StringWriter();
        try {
            JAXBContext.newInstance(CustomerCreditTransferInitiationV09.class).generateSchema(new SchemaOutputResolver() {
                @Override
                public Result createOutput(String namespace, String file) {
                    StreamResult result = new StreamResult(types);
                    result.setSystemId(file);
                    return result;
                }
            });
        } catch (JAXBException e) {
            throw new IOException("prowide's pain.001.001.09 model gives no schema", e);
        }
        String body = types.toString().replaceFirst("(?s)^.*?<xs:schema[^>]*>", "").replaceFirst("(?s)</xs:schema>\\s*$", "");
        return """
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="%1$s" xmlns="%1$s"
                           elementFormDefault="qualified">
                  <xs:element name="Document">
                    <xs:complexType><xs:sequence>
                      <xs:element name="CstmrCdtTrfInitn" type="CustomerCreditTransferInitiationV09"/>
                    </xs:sequence></xs:complexType>
                  </xs:element>
                %2$s
                </xs:schema>""".formatted(NAMESPACE, body);
    }
}
