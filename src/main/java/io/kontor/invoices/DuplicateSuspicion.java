package io.kontor.invoices;

import io.kontor.model.Invoice;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Looks for an invoice the same supplier already sent under another guise: the same amount in the same currency a
 * few days apart (a resend with a new number), or the same amount under a number differing only by two neighbouring
 * characters swapped (a typo when keyed in), however far apart. A swapped number alone is no suspicion: with
 * sequential numbering 0147 and 0174 are both ordinary invoices. Credit notes are compared with credit notes only —
 * a credit note over an invoice's amount is the normal way to cancel it.
 */
final class DuplicateSuspicion {

    record Suspect(UUID invoiceId, String why) {
    }

    static Optional<Suspect> find(Invoice incoming, List<SupplierInvoices.Candidate> nearby, List<SupplierInvoices.Candidate> ofSupplier,
                                  int withinDays) {
        if (incoming.totals() != null && incoming.totals().payable() != null && incoming.totals().payable().signum() != 0) {
            for (SupplierInvoices.Candidate c : nearby) {
                if (sameAmount(incoming, c)) {
                    return Optional.of(new Suspect(c.id(), "invoice " + c.number() + " of this supplier over the same "
                            + incoming.totals().payable().toPlainString() + " " + incoming.currency() + " was issued within "
                            + withinDays + " days"));
                }
            }
        }
        if (incoming.number() != null && incoming.totals() != null && incoming.totals().payable() != null) {
            for (SupplierInvoices.Candidate c : ofSupplier) {
                if (c.number() != null && transposed(incoming.number(), c.number()) && sameAmount(incoming, c)) {
                    return Optional.of(new Suspect(c.id(), "the number " + incoming.number() + " is " + c.number()
                            + " with two characters swapped"));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean sameAmount(Invoice incoming, SupplierInvoices.Candidate c) {
        return c.payable() != null && c.payable().compareTo(incoming.totals().payable()) == 0
                && incoming.currency() != null && incoming.currency().equals(c.currency()) && sameKind(incoming, c);
    }

    private static boolean sameKind(Invoice incoming, SupplierInvoices.Candidate c) {
        return incoming.isCreditNote() == Invoice.isCreditNoteType(c.typeCode());
    }

    /** True when b is a with exactly one pair of neighbouring, different characters swapped. */
    static boolean transposed(String first, String second) {
        String a = first.toUpperCase(Locale.ROOT);
        String b = second.toUpperCase(Locale.ROOT);
        if (a.length() != b.length() || a.equals(b)) {
            return false;
        }
        int i = 0;
        while (a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                && a.substring(i + 2).equals(b.substring(i + 2));
    }

    private DuplicateSuspicion() {
    }
}
