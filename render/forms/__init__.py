"""Filing forms: 附件1 登记表, 附件2 承诺书 and the annual report, as PDF and Word."""
