/** What shipping hands the channels: the parcel to confirm on its channel. Channels import this package only. */
package io.kontor.shipping.spi;
