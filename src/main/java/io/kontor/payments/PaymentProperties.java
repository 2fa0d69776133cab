package io.kontor.payments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Supplier payment runs (kontor.payments.*).
 *
 * @param debtorName         the retailer as the bank knows it
 * @param debtorIban         the account supplier invoices are paid from
 * @param debtorBic          its bank's BIC
 * @param horizonDays        a run pays what falls due (or loses its cash discount) within this many days
 * @param ibanChangeHoldDays a supplier account first seen within this many days, replacing an older one, is held until confirmed
 * @param bankDropDir        where pain.001 files are delivered for the banking software (EBICS client) to send
 * @param runEnabled         run payment runs on a schedule (off: only through POST /api/payment-runs)
 * @param runInterval        milliseconds between scheduled payment runs
 */
@ConfigurationProperties("kontor.payments")
public record PaymentProperties(@DefaultValue("Kontor Retail GmbH") String debtorName,
                                @DefaultValue("DE12500105170648489890") String debtorIban,
                                @DefaultValue("INGDDEFFXXX") String debtorBic,
                                @DefaultValue("7") int horizonDays,
                                @DefaultValue("30") int ibanChangeHoldDays,
                                @DefaultValue("./data/bank/outbox") String bankDropDir,
                                @DefaultValue("false") boolean runEnabled,
                                @DefaultValue("86400000") long runInterval) {
}
