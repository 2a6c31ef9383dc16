# Golden cases for `prognos benefit` (run from this folder: Rscript make.R).
#
# Data: survival::colon, death records (etype == 2), Lev+5FU (chemo = 1)
# vs observation (chemo = 0; the Lev-alone arm is dropped); risk group =
# node4 (> 4 positive nodes: "high", else "low"). `differ` has missing
# values, so complete cases over the used columns are taken (n_dropped).
#
# Per risk group: glm propensity score of chemo on the matching covariates
# inside the group; greedy nearest-neighbour matching for the ATT with the
# corrected MatchIt >= 4.5.4 rule (greedy_att(), the same plain-R
# transcription as tests/golden/match/make.R; Debian's MatchIt 4.5.1 has
# the integer-abs bug, see there); then on all rows of the group and on the
# matched rows: survdiff(Surv(time, status) ~ chemo) p-value and
# coxph(Surv(time, status) ~ chemo) hazard ratio with its 95% Wald
# interval (Efron ties; matching weights, all 1 for 1:1), its model-based
# `se`, and after matching `se_robust_pair`: the SE clustered on the
# matched pair, coxph(..., weights = weights, cluster = subclass).
# Interaction: coxph(Surv(time, status) ~ chemo * risk) on all rows,
# reference level "high" (first sorted); coef and Wald p of chemo:risklow.
suppressPackageStartupMessages({library(survival); library(jsonlite)})
source("../match/greedy_att.R")

d0 <- colon[colon$etype == 2 & colon$rx != "Lev", ]
d <- data.frame(time = d0$time, status = d0$status,
                chemo = as.integer(d0$rx == "Lev+5FU"),
                risk = ifelse(d0$node4 == 1, "high", "low"),
                age = d0$age, sex = d0$sex, obstruct = d0$obstruct, perfor = d0$perfor,
                adhere = d0$adhere, extent = d0$extent, surg = d0$surg, differ = d0$differ)

arm <- function(dd, w = NULL, subclass = NULL) {
  lr <- survdiff(Surv(time, status) ~ chemo, data = dd)
  fit <- if (is.null(w)) coxph(Surv(time, status) ~ chemo, data = dd)
         else coxph(Surv(time, status) ~ chemo, data = dd, weights = w)
  ci <- summary(fit)$conf.int
  out <- list(n_treated = sum(dd$chemo == 1), n_control = sum(dd$chemo == 0),
       logrank_p = pchisq(lr$chisq, 1, lower.tail = FALSE),
       hr = unname(ci[1, 1]), hr_lower = unname(ci[1, 3]), hr_upper = unname(ci[1, 4]),
       se = unname(sqrt(fit$var[1, 1])))
  if (!is.null(subclass)) {
    # pair-clustered SE, as coxph(..., cluster = subclass) on match.data()
    dd$.w <- w; dd$.sc <- subclass
    fc <- coxph(Surv(time, status) ~ chemo, data = dd, weights = .w, cluster = .sc)
    out$se_robust_pair <- unname(sqrt(fc$var[1, 1]))
  }
  out
}

make_case <- function(name, match_on, factors = character(), caliper = NULL) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "colon_chemo.csv"), row.names = FALSE, na = "NA", quote = FALSE)
  dd <- read.csv(file.path(name, "colon_chemo.csv"))
  dd$row <- seq_len(nrow(dd)) - 1L
  used <- c("time", "status", "chemo", "risk", match_on)
  cc <- dd[complete.cases(dd[, used]), ]
  for (f in factors) cc[[f]] <- factor(cc[[f]])
  form <- reformulate(match_on, response = "chemo")
  groups <- lapply(sort(unique(cc$risk)), function(g) {
    gd <- cc[cc$risk == g, ]
    ps <- glm(form, data = gd, family = binomial)$fitted.values
    mm <- greedy_att(ps, gd$chemo, caliper = caliper)
    tr <- which(gd$chemo == 1)
    tr <- tr[lengths(mm[tr]) > 0]
    matched <- sort(c(tr, unlist(mm[tr])))
    sc <- integer(nrow(gd))
    for (k in seq_along(tr)) sc[c(tr[k], mm[[tr[k]]])] <- k
    list(risk_group = g, before = arm(gd),
         after = arm(gd[matched, ], w = rep(1, length(matched)), subclass = sc[matched]),
         pairs = lapply(tr, function(t) list(treated_row = gd$row[t], control_rows = I(gd$row[mm[[t]]]))))
  })
  cc$risk <- factor(cc$risk)
  fi <- coxph(Surv(time, status) ~ chemo * risk, data = cc)
  s <- summary(fi)$coefficients
  g <- list(n = nrow(cc), n_dropped = nrow(dd) - nrow(cc), groups = groups,
            interaction = list(coef = unname(s["chemo:risklow", "coef"]),
                               p = unname(s["chemo:risklow", "Pr(>|z|)"])))
  write_json(g, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE)
  args <- paste("benefit --data colon_chemo.csv --time time --event status --treatment chemo",
                "--risk-group risk --match-on", paste(match_on, collapse = ","),
                if (length(factors)) paste("--factors", paste(factors, collapse = ",")) else "",
                if (!is.null(caliper)) paste("--caliper", caliper) else "", "--json")
  writeLines(gsub(" +", " ", args), file.path(name, "args"))
  tol <- list(default = list(abs = 1e-8, rel = 1e-6),
              keys = list(), match_by = list(groups = "risk_group", pairs = "treated_row"))
  write_json(tol, file.path(name, "tol.json"), auto_unbox = TRUE, pretty = TRUE)
}

make_case("colon_node4_caliper", c("age", "sex", "obstruct", "perfor", "adhere", "extent", "surg", "differ"),
          caliper = 0.2)
make_case("colon_node4_factor_extent", c("age", "sex", "obstruct", "adhere", "extent", "surg"),
          factors = "extent")
cat("versions:", R.version.string, "survival", as.character(packageVersion("survival")), "\n")
