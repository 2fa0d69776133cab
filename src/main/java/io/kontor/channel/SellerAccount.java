package io.kontor.channel;

/**
 * How one seller's account on a marketplace API is reached with OAuth: the API host, the token endpoint, the app's
 * client credentials and the refresh token of the seller's consent. Secrets stay out of {@link #toString()}.
 *
 * @param sellerId the seller's id on the marketplace; also the channel account of its orders
 */
public record SellerAccount(String sellerId, String baseUrl, String tokenUrl, String clientId, String clientSecret, String refreshToken) {

    @Override
    public String toString() {
        return "SellerAccount[" + sellerId + " at " + baseUrl + "]";
    }
}
