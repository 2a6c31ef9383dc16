# Regenerates the signature goldens. Run from this folder: Rscript make.R
# R 4.2, survival 3.5-3, glmnet 4.1-6, jsonlite. Pipeline as prognos signature:
# univariate coxph (Efron) Wald p per feature -> p.adjust("BH") < fdr ->
# cv.glmnet(family = "cox", foldid) on the screened features -> non-zero at
# lambda.min -> coxph refit -> Harrell C of its linear predictor
# (concordance(reverse = TRUE)). The bootstrap interval uses prognos' own
# seeded resampling, so only the point estimate is compared.
suppressMessages({library(glmnet); library(survival); library(jsonlite)})
name <- "sim_signature"
dir.create(name, showWarnings = FALSE)
file.copy("../lasso_cox/sim_wide_lasso/data.csv", file.path(name, "data.csv"), overwrite = TRUE)
d <- read.csv(file.path(name, "data.csv"))
feats <- grep("^g", names(d), value = TRUE)
y <- Surv(d$time, d$status)
p <- sapply(feats, function(f) {
  if (length(unique(d[[f]])) < 2) return(NA)
  summary(coxph(y ~ d[[f]]))$coefficients[1, "Pr(>|z|)"]
})
q <- p.adjust(p, "BH")
screened <- feats[!is.na(q) & q < 0.05]
cv <- cv.glmnet(as.matrix(d[, screened, drop = FALSE]), y, family = "cox", foldid = d$fold)
b <- coef(cv, s = "lambda.min")[, 1]
selected <- names(b)[b != 0]
fit <- coxph(as.formula(paste("y ~", paste(selected, collapse = "+"))), data = d)
s <- summary(fit)$coefficients
lp <- as.matrix(d[, selected]) %*% coef(fit)
cc <- concordance(y ~ lp, reverse = TRUE)$concordance
g <- list(screened = I(screened), selected = I(selected),
          model = list(n = fit$n, events = fit$nevent, loglik = fit$loglik[2],
                       coefficients = lapply(seq_along(selected), function(i)
                         list(term = selected[i], coef = s[i, "coef"], se = s[i, "se(coef)"], p = s[i, "Pr(>|z|)"]))),
          cindex_train = list(c = cc), lambda_min = cv$lambda.min)
write_json(g, file.path(name, "golden.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
writeLines("signature --data data.csv --time time --event status --features-except id,fold --foldid fold --bootstrap 200 --json",
           file.path(name, "args"))
tol <- list(rule = "See shared/reference/README.md; bootstrap limits are not compared (prognos' own seeded resampling).",
            default = list(abs = 1e-9, rel = 1e-6),
            keys = list("model.coefficients[].p" = list(abs = 1e-9, rel = 1e-5),
                        "lambda_min" = list(abs = 1e-10, rel = 1e-8)),
            match_by = list("model.coefficients" = "term"))
write_json(tol, file.path(name, "tol.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
