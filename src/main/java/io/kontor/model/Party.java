package io.kontor.model;

/** A person or company in a role on a business document. {@code piiRedacted} says the channel withheld data. */
public record Party(PartyRole role, String channelPartyId, String name, String firstName, String lastName,
                    String company, String email, String phone, String taxId, String gln, Address address,
                    boolean piiRedacted) {
}
