/** What the order workflow declares for channels: how their orders come in. Channels import this package only. */
package io.kontor.orders.spi;
