package io.kontor.payments;

import com.prowidesoftware.swift.model.mx.MxPain00100109;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction34;
import com.prowidesoftware.swift.model.mx.dic.PaymentInstruction30;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SepaCreditTransferFileTest {

    private static final SepaCreditTransferFile.Debtor DEBTOR =
            new SepaCreditTransferFile.Debtor("Kontor Retail GmbH", "DE12500105170648489890", "INGDDEFFXXX");
    private static final List<SepaCreditTransferFile.Transfer> TRANSFERS = List.of(
            new SepaCreditTransferFile.Transfer("RUN1-1", "Papier Müller GmbH", "DE89 3704 0044 0532 0130 00", "COBADEFFXXX",
                    new BigDecimal("519.27"), "Rechnung RE-2026-0147 ./. GS-7", LocalDate.of(2026, 11, 16)),
            new SepaCreditTransferFile.Transfer("RUN1-2", "Kaffeerösterei Hanse KG", "DE02100100100006820101", null,
                    new BigDecimal("1200.00"), "Rechnung RE-2026-88", LocalDate.of(2026, 11, 20)),
            new SepaCreditTransferFile.Transfer("RUN1-3", "Straße & Söhne", "AT611904300234573201", "BKAUATWWXXX",
                    new BigDecimal("10.05"), "Rechnung 4711", LocalDate.of(2026, 11, 16)));

    private final String xml = SepaCreditTransferFile.write("KONTOR-20261127-ABC", OffsetDateTime.of(2026, 11, 27, 9, 0, 0, 0, ZoneOffset.UTC),
            DEBTOR, TRANSFERS);

    @Test
    void theFileReadsBackWithItsTotalsOneInstructionPerExecutionDay() {
        MxPain00100109 read = MxPain00100109.parse(xml);
        var initiation = read.getCstmrCdtTrfInitn();

        assertThat(xml).contains("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09");
        assertThat(initiation.getGrpHdr().getNbOfTxs()).isEqualTo("3");
        assertThat(initiation.getGrpHdr().getCtrlSum()).isEqualByComparingTo("1729.32");
        assertThat(initiation.getPmtInf()).extracting(p -> p.getReqdExctnDt().getDt())
                .containsExactly(LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 20));
        PaymentInstruction30 first = initiation.getPmtInf().get(0);
        assertThat(first.getCtrlSum()).isEqualByComparingTo("529.32");
        assertThat(first.getDbtrAcct().getId().getIBAN()).isEqualTo("DE12500105170648489890");
        CreditTransferTransaction34 paper = first.getCdtTrfTxInf().get(0);
        assertThat(paper.getCdtrAcct().getId().getIBAN()).isEqualTo("DE89370400440532013000");
        assertThat(paper.getAmt().getInstdAmt().getValue()).isEqualByComparingTo("519.27");
        assertThat(paper.getRmtInf().getUstrd()).containsExactly("Rechnung RE-2026-0147 ./. GS-7");
        // SEPA's character set: umlauts and ß are transliterated, '&' is not allowed
        assertThat(first.getCdtTrfTxInf().get(1).getCdtr().getNm()).isEqualTo("Strasse   Sohne");
        assertThat(initiation.getPmtInf().get(1).getCdtTrfTxInf().get(0).getCdtr().getNm()).isEqualTo("Kaffeerosterei Hanse KG");
    }

    /** The EPC's SEPA rules for pain.001 (SCT C2PSP): EUR only, 0.01 to 999,999,999.99 with two decimals, IBANs, SEPA, SLEV. */
    @Test
    void theFileKeepsTheSepaUsageRules() {
        var initiation = MxPain00100109.parse(xml).getCstmrCdtTrfInitn();
        assertThat(initiation.getGrpHdr().getMsgId()).hasSizeLessThanOrEqualTo(35);
        for (PaymentInstruction30 payment : initiation.getPmtInf()) {
            assertThat(payment.getPmtTpInf().getSvcLvl()).singleElement().satisfies(l -> assertThat(l.getCd()).isEqualTo("SEPA"));
            assertThat(payment.getChrgBr().value()).isEqualTo("SLEV");
            assertThat(payment.getDbtrAgt().getFinInstnId().getBICFI()).matches("[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?");
            for (CreditTransferTransaction34 tx : payment.getCdtTrfTxInf()) {
                var amount = tx.getAmt().getInstdAmt();
                assertThat(amount.getCcy()).isEqualTo("EUR");
                assertThat(amount.getValue()).isBetween(new BigDecimal("0.01"), new BigDecimal("999999999.99"));
                assertThat(amount.getValue().stripTrailingZeros().scale()).isLessThanOrEqualTo(2);
                assertThat(tx.getCdtrAcct().getId().getIBAN()).matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}");
                assertThat(tx.getPmtId().getEndToEndId()).hasSizeLessThanOrEqualTo(35);
                assertThat(tx.getRmtInf().getUstrd().get(0)).hasSizeLessThanOrEqualTo(140);
            }
        }
    }

    /**
     * Validates against the pain.001.001.09 schema: the official XSD with {@code -Dkontor.pain001.xsd=...}, else the
     * structure of prowide's model of it ({@link Pain001Schema}).
     */
    @Test
    void theFileValidatesAgainstThePain00100109Schema() throws Exception {
        Pain001Schema.validate(xml);
    }

    /** The schema check can fail: a file missing its number of transactions, or with elements out of order, is refused. */
    @Test
    void aFileOutOfShapeFailsTheSchema() {
        String withoutCount = xml.replaceFirst("<(\\w+:)?NbOfTxs>3</(\\w+:)?NbOfTxs>", "");
        String outOfOrder = xml.replaceFirst("(?s)(<(\\w+:)?MsgId>[^<]*</(\\w+:)?MsgId>)(\\s*)(<(\\w+:)?CreDtTm>[^<]*</(\\w+:)?CreDtTm>)", "$5$4$1");
        assertThat(withoutCount).isNotEqualTo(xml);
        assertThat(outOfOrder).isNotEqualTo(xml);

        assertThatThrownBy(() -> Pain001Schema.validate(withoutCount)).isInstanceOf(SAXException.class).hasMessageContaining("NbOfTxs");
        assertThatThrownBy(() -> Pain001Schema.validate(outOfOrder)).isInstanceOf(SAXException.class).hasMessageContaining("CreDtTm");
    }
}
