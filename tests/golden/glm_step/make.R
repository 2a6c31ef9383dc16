# Goldens for core-stats/src/glm/stepwise.rs: R step(glm(...), direction = "both"),
# the univariate screen (each term alone) and the final odds-ratio table.
# Run from this folder: Rscript make.R
g <- function(x) sprintf("%.17g", x)
write_case <- function(case, d, y, terms, start, factors = character(), w = NULL, k = 2) {
  d$.w <- if (is.null(w)) rep(1, nrow(d)) else w
  penalty <- k
  dir.create(case, showWarnings = FALSE)
  full <- reformulate(terms, response = y)
  f0 <- if (length(start)) reformulate(start, response = y) else reformulate("1", response = y)
  fit0 <- glm(f0, data = d, family = binomial, weights = .w)
  s <- if (length(start) == length(terms)) step(fit0, direction = "both", trace = 0, k = k) else
    step(fit0, scope = list(lower = ~1, upper = full), direction = "both", trace = 0, k = k)
  mm <- model.matrix(full, d)
  asg <- attr(mm, "assign")
  # design columns named as the prognos data layer does: "education[6-11yrs]"
  cn <- colnames(mm)
  for (f in factors) {
    i <- startsWith(cn, f) & cn != f
    cn[i] <- paste0(f, "[", substring(cn[i], nchar(f) + 1), "]")
  }
  colnames(mm) <- cn
  out <- data.frame(y = d[[y]], mm[, -1, drop = FALSE], check.names = FALSE)
  if (!is.null(w)) out$w <- w
  write.csv(out, file.path(case, "data.csv"), row.names = FALSE, quote = FALSE)
  lines <- character()
  for (k in seq_along(terms)) lines <- c(lines, paste("term", terms[k], paste(cn[asg == k], collapse = " ")))
  lines <- c(lines, paste(c("start", start), collapse = " "))
  a <- s$anova
  for (i in seq_len(nrow(a))) {
    lab <- if (a$Step[i] == "") "<start>" else gsub(" ", "", a$Step[i])
    lines <- c(lines, paste("path", lab, ifelse(is.na(a$Df[i]), "NA", g(a$Df[i])),
      ifelse(is.na(a$Deviance[i]), "NA", g(a$Deviance[i])), g(a[["Resid. Df"]][i]),
      g(a[["Resid. Dev"]][i]), g(a$AIC[i])))
  }
  cf <- summary(s)$coefficients
  fcn <- rownames(cf)
  for (f in factors) {
    i <- startsWith(fcn, f) & fcn != f
    fcn[i] <- paste0(f, "[", substring(fcn[i], nchar(f) + 1), "]")
  }
  for (i in seq_len(nrow(cf))) lines <- c(lines, paste("coef", fcn[i], paste(g(cf[i, ]), collapse = " ")))
  lines <- c(lines, paste("aic", g(s$aic)), paste("deviance", g(s$deviance)), paste("k", g(penalty)))
  z <- qnorm(0.975)
  for (k in seq_along(terms)) {
    u <- glm(reformulate(terms[k], response = y), data = d, family = binomial, weights = .w)
    cu <- summary(u)$coefficients
    plrt <- pchisq(u$null.deviance - u$deviance, u$df.null - u$df.residual, lower.tail = FALSE)
    cols <- cn[asg == k]
    for (j in seq_along(cols)) {
      e <- cu[j + 1, 1]; se <- cu[j + 1, 2]
      lines <- c(lines, paste("uni", terms[k], cols[j], g(exp(e)), g(exp(e - z * se)), g(exp(e + z * se)),
        g(cu[j + 1, 4]), g(plrt)))
    }
  }
  writeLines(lines, file.path(case, "golden.tsv"))
}
d <- infert
d$education <- factor(d$education)
tt <- c("age", "education", "parity", "induced", "spontaneous", "pooled.stratum")
write_case("infert_both", d, "case", tt, tt, "education")
write_case("infert_forward", d, "case", tt, character(), "education")
library(survival)
cc <- colon[colon$etype == 1, c("status", "rx", "sex", "age", "obstruct", "perfor", "adhere",
  "nodes", "differ", "extent", "surg")]
cc <- cc[complete.cases(cc), ]
cc$rx <- factor(cc$rx)
cc$differ <- factor(cc$differ)
tc <- c("rx", "sex", "age", "obstruct", "perfor", "adhere", "nodes", "differ", "extent", "surg")
write_case("colon_both", cc, "status", tc, tc, c("rx", "differ"))
# BIC (k = log(n)) from the full colon model
write_case("colon_bic", cc, "status", tc, tc, c("rx", "differ"), k = log(nrow(cc)))
# esoph: grouped cases/controls as weighted 0/1 rows (zero weights kept), unordered factors
e <- esoph
for (v in c("agegp", "alcgp", "tobgp")) e[[v]] <- factor(as.character(e[[v]]), levels = levels(esoph[[v]]))
ee <- rbind(cbind(e, case = 1, wt = e$ncases), cbind(e, case = 0, wt = e$ncontrols))
write_case("esoph_weighted", ee, "case", c("agegp", "alcgp", "tobgp"), c("agegp", "alcgp", "tobgp"),
  c("agegp", "alcgp", "tobgp"), w = ee$wt)
