package io.kontor.platform;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser each thread keeps stays as strict after every document, good or bad, as it was for the first. */
class SecureXmlTest {

    private static final String GOOD = "<Invoice xmlns=\"urn:x\"><ID>RE-1</ID></Invoice>";
    private static final String XXE = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";

    @Test
    void aDocumentTypeDeclarationIsRefusedBeforeAndAfterOtherDocumentsOnTheSameThread() {
        for (int round = 0; round < 3; round++) {
            assertThat(SecureXml.parse(bytes(GOOD)).getDocumentElement().getNamespaceURI()).isEqualTo("urn:x");
            assertThatThrownBy(() -> SecureXml.parse(bytes(XXE))).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("document type declaration is refused");
            assertThatThrownBy(() -> SecureXml.parse(bytes("<a><b></a>"))).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("malformed XML at line 1");
        }
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
