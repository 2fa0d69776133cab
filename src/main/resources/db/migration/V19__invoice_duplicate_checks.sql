-- The suspicion checks look up a supplier's invoices over the same amount whenever issued: without this index every
-- capture read all of the supplier's invoices, so capture slowed down as the supplier's history grew.
create index invoices_by_supplier_amount on invoices (supplier_key, payable);
