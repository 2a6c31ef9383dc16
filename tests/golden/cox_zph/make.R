# Regenerates the `cox-zph` goldens. Run from this folder: Rscript make.R
# R 4.2.2, survival 3.5.3 (cox.zph score tests, survival >= 3 algorithm).
suppressMessages({library(survival); library(jsonlite)})
source("../cox/cox_json.R")

zph_json <- function(z, names) {
  t <- z$table; k <- nrow(t)
  list(terms = lapply(seq_len(k - 1), function(i) list(term = names[i], chisq = t[i, 1], df = t[i, 2], p = t[i, 3])),
       global = list(chisq = t[k, 1], df = t[k, 2], p = t[k, 3]))
}
zph_tol <- function() list(rule = "As shared/reference/README.md.", default = list(abs = 1e-8, rel = 1e-6),
  keys = list("terms[].chisq" = list(abs = 1e-6, rel = 1e-5), "terms[].p" = list(abs = 1e-6, rel = 1e-4),
              "global.chisq" = list(abs = 1e-6, rel = 1e-5), "global.p" = list(abs = 1e-6, rel = 1e-4)))

l <- survival::lung; l$status <- l$status - 1
l <- l[, c("time", "status", "age", "sex", "ph.ecog")]
for (tr in c("rank", "identity")) {
  name <- paste0("lung_", tr)
  d <- write_data(name, l)
  f <- coxph(Surv(time, status) ~ age + sex + ph.ecog, d)
  write_case(name, d,
    paste("cox-zph --data data.csv --time time --event status --covariates age,sex,ph.ecog --transform", tr, "--json"),
    zph_json(cox.zph(f, transform = tr), c("age", "sex", "ph.ecog")), zph_tol())
}

# veteran: celltype is one 3-df term (terms = TRUE), Breslow ties.
d <- write_data("veteran_factor_breslow", survival::veteran)
d$celltype <- relevel(factor(d$celltype), "squamous")
f <- coxph(Surv(time, status) ~ celltype + karno + age, d, ties = "breslow")
write_case("veteran_factor_breslow", d,
  "cox-zph --data data.csv --time time --event status --covariates celltype,karno,age --factors celltype:squamous --ties breslow --json",
  zph_json(cox.zph(f), c("celltype", "karno", "age")), zph_tol())

# veteran stratified by celltype, with case weights (1, 1.5), km transform.
v <- survival::veteran; v$w <- rep(c(1, 1.5), length.out = nrow(v))
d <- write_data("veteran_strata_weights", v)
d$w <- as.numeric(d$w)
f <- coxph(Surv(time, status) ~ trt + karno + age + strata(celltype), d, weights = w)
write_case("veteran_strata_weights", d,
  "cox-zph --data data.csv --time time --event status --covariates trt,karno,age --strata celltype --weights w --json",
  zph_json(cox.zph(f), c("trt", "karno", "age")), zph_tol())

# heart counting-process data.
d <- write_data("heart_counting_process", survival::heart)
f <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, d)
write_case("heart_counting_process", d,
  "cox-zph --data data.csv --start start --time stop --event event --covariates age,year,surgery,transplant --json",
  zph_json(cox.zph(f), c("age", "year", "surgery", "transplant")), zph_tol())
