# Golden of the stratified bootstrap AUC interval (roc --boot N --seed S).
# Run from this folder: Rscript make_boot.R
# pROC's random numbers cannot be reproduced: the golden limits are pROC's with
# 20000 replicates, and tol.json allows 0.01 absolute (about 5 Monte-Carlo SDs
# of the CLI's 4000-replicate limits plus R's own Monte-Carlo error).
suppressMessages(library(pROC)); library(jsonlite)
data(aSAH)
name <- "asah_s100b_boot"
dir.create(name, showWarnings = FALSE)
d <- data.frame(outcome = as.integer(aSAH$outcome == "Poor"), s100b = aSAH$s100b)
write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
r <- roc(d$outcome, d$s100b, levels = c(0, 1), direction = "<", quiet = TRUE)
ci <- ci.auc(r, method = "delong")
set.seed(20261123)
cb <- ci.auc(r, method = "bootstrap", boot.n = 20000, boot.stratified = TRUE, progress = "none")
g <- list(n_pos = sum(d$outcome == 1), n_neg = sum(d$outcome == 0), auc = as.numeric(auc(r)),
          auc_lower = ci[1], auc_upper = ci[3], auc_boot_lower = cb[1], auc_boot_upper = cb[3])
write_json(g, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
writeLines("roc --data data.csv --label outcome --score s100b --boot 4000 --seed 7 --json",
           file.path(name, "args"))
writeLines('{
  "default": {"abs": 1e-10, "rel": 1e-8},
  "keys": {
    "auc_boot_lower": {"abs": 0.01, "rel": 0},
    "auc_boot_upper": {"abs": 0.01, "rel": 0}
  }
}', file.path(name, "tol.json"))
