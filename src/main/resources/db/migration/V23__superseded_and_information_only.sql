-- An invoice replaced by the supplier's corrected invoice (type 384), and information for the books that asks for no
-- payment (type 751), are not booked: the corrected invoice may carry the same number, and so may the real invoice a
-- 751 describes.
drop index invoices_booked_once;
create unique index invoices_booked_once on invoices (supplier_key, upper(number), extract(year from issue_date))
    where status not in ('REJECTED', 'DUPLICATE', 'SUPERSEDED', 'INFORMATION_ONLY') and supplier_key is not null and number is not null;
