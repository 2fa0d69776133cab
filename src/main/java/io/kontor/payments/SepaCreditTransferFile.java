package io.kontor.payments;

import com.prowidesoftware.swift.model.mx.MxPain00100109;
import com.prowidesoftware.swift.model.mx.dic.AccountIdentification4Choice;
import com.prowidesoftware.swift.model.mx.dic.ActiveOrHistoricCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.AmountType4Choice;
import com.prowidesoftware.swift.model.mx.dic.BranchAndFinancialInstitutionIdentification6;
import com.prowidesoftware.swift.model.mx.dic.CashAccount38;
import com.prowidesoftware.swift.model.mx.dic.ChargeBearerType1Code;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction34;
import com.prowidesoftware.swift.model.mx.dic.CustomerCreditTransferInitiationV09;
import com.prowidesoftware.swift.model.mx.dic.DateAndDateTime2Choice;
import com.prowidesoftware.swift.model.mx.dic.FinancialInstitutionIdentification18;
import com.prowidesoftware.swift.model.mx.dic.GroupHeader85;
import com.prowidesoftware.swift.model.mx.dic.PartyIdentification135;
import com.prowidesoftware.swift.model.mx.dic.PaymentIdentification6;
import com.prowidesoftware.swift.model.mx.dic.PaymentInstruction30;
import com.prowidesoftware.swift.model.mx.dic.PaymentMethod3Code;
import com.prowidesoftware.swift.model.mx.dic.PaymentTypeInformation26;
import com.prowidesoftware.swift.model.mx.dic.RemittanceInformation16;
import com.prowidesoftware.swift.model.mx.dic.ServiceLevel8Choice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SEPA credit transfer initiation (pain.001.001.09) written with prowide-iso20022: one payment instruction per
 * requested execution date, one transaction per supplier payment, remittance information naming the invoices.
 */
final class SepaCreditTransferFile {

    /** The account the retailer pays from. */
    record Debtor(String name, String iban, String bic) {
    }

    /** One transfer: to whom, how much, why (the invoice numbers), on which day. */
    record Transfer(String endToEndId, String creditorName, String iban, String bic, BigDecimal amount, String remittance,
                    LocalDate executionDate) {
    }

    static String write(String messageId, OffsetDateTime created, Debtor debtor, List<Transfer> transfers) {
        BigDecimal total = transfers.stream().map(Transfer::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        CustomerCreditTransferInitiationV09 initiation = new CustomerCreditTransferInitiationV09().setGrpHdr(new GroupHeader85()
                .setMsgId(messageId)
                .setCreDtTm(created)
                .setNbOfTxs(String.valueOf(transfers.size()))
                .setCtrlSum(total)
                .setInitgPty(new PartyIdentification135().setNm(max(debtor.name(), 70))));
        Map<LocalDate, List<Transfer>> byDate = new TreeMap<>();
        transfers.forEach(t -> byDate.computeIfAbsent(t.executionDate(), d -> new java.util.ArrayList<>()).add(t));
        int instruction = 0;
        for (Map.Entry<LocalDate, List<Transfer>> day : byDate.entrySet()) {
            PaymentInstruction30 payment = new PaymentInstruction30()
                    .setPmtInfId(messageId + "-" + (++instruction))
                    .setPmtMtd(PaymentMethod3Code.TRF)
                    .setBtchBookg(true)
                    .setNbOfTxs(String.valueOf(day.getValue().size()))
                    .setCtrlSum(day.getValue().stream().map(Transfer::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .setPmtTpInf(new PaymentTypeInformation26().addSvcLvl(new ServiceLevel8Choice().setCd("SEPA")))
                    .setReqdExctnDt(new DateAndDateTime2Choice().setDt(day.getKey()))
                    .setDbtr(new PartyIdentification135().setNm(max(debtor.name(), 70)))
                    .setDbtrAcct(account(debtor.iban()))
                    .setDbtrAgt(agent(debtor.bic()))
                    .setChrgBr(ChargeBearerType1Code.SLEV);
            for (Transfer t : day.getValue()) {
                CreditTransferTransaction34 tx = new CreditTransferTransaction34()
                        .setPmtId(new PaymentIdentification6().setEndToEndId(t.endToEndId()))
                        .setAmt(new AmountType4Choice().setInstdAmt(new ActiveOrHistoricCurrencyAndAmount().setCcy("EUR").setValue(t.amount())))
                        .setCdtr(new PartyIdentification135().setNm(max(t.creditorName(), 70)))
                        .setCdtrAcct(account(t.iban()))
                        .setRmtInf(new RemittanceInformation16().addUstrd(max(t.remittance(), 140)));
                if (t.bic() != null && !t.bic().isBlank()) {
                    tx.setCdtrAgt(agent(t.bic()));
                }
                payment.addCdtTrfTxInf(tx);
            }
            initiation.addPmtInf(payment);
        }
        return new MxPain00100109().setCstmrCdtTrfInitn(initiation).message();
    }

    private static CashAccount38 account(String iban) {
        return new CashAccount38().setId(new AccountIdentification4Choice().setIBAN(iban.replace(" ", "")));
    }

    private static BranchAndFinancialInstitutionIdentification6 agent(String bic) {
        FinancialInstitutionIdentification18 id = new FinancialInstitutionIdentification18();
        if (bic == null || bic.isBlank()) {
            id.setOthr(new com.prowidesoftware.swift.model.mx.dic.GenericFinancialIdentification1().setId("NOTPROVIDED"));
        } else {
            id.setBICFI(bic);
        }
        return new BranchAndFinancialInstitutionIdentification6().setFinInstnId(id);
    }

    /** SEPA's character set and lengths: what a bank would refuse is cut or replaced here. */
    static String max(String text, int length) {
        String latin = text == null ? "" : java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace("ß", "ss").replaceAll("[^A-Za-z0-9/?:().,'+ -]", " ").strip();
        return latin.length() <= length ? latin : latin.substring(0, length);
    }

    private SepaCreditTransferFile() {
    }
}
