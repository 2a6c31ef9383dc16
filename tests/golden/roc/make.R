# Regenerates the roc goldens with pROC. Run from this folder: Rscript make.R
# Conventions: outcome Poor = 1, Good = 0; roc(levels = c(0, 1), direction = "<");
# ci.auc(method = "delong"); roc.test(method = "delong", paired = TRUE);
# coords(best, best.method = "youden") (pROC's midpoint threshold).
suppressMessages(library(pROC)); library(jsonlite)
data(aSAH)
case <- function(name, d, score, score2 = NULL, note = "") {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  r <- roc(d$outcome, d[[score]], levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong")
  b <- coords(r, "best", best.method = "youden",
              ret = c("threshold", "sensitivity", "specificity", "ppv", "npv", "accuracy"))
  stopifnot(nrow(b) == 1)
  s <- d[[score]]
  brier <- if (all(s >= 0 & s <= 1)) mean((s - d$outcome)^2) else NULL
  g <- list(n_pos = sum(d$outcome == 1), n_neg = sum(d$outcome == 0),
            auc = as.numeric(auc(r)), auc_lower = ci[1], auc_upper = ci[3],
            auc_se = sqrt(var(r, method = "delong")),
            youden = as.list(b[1, ]), brier = brier, compare = NULL)
  if (!is.null(brier)) { pr <- mean(d$outcome); g$scaled_brier <- 1 - brier / (pr * (1 - pr)) }
  args <- paste("roc --data data.csv --label outcome --score", score)
  if (!is.null(score2)) {
    r2 <- roc(d$outcome, d[[score2]], levels = c(0, 1), direction = "<", quiet = TRUE)
    t <- roc.test(r, r2, method = "delong", paired = TRUE)
    g$compare <- list(auc2 = as.numeric(auc(r2)), z = unname(t$statistic), p = t$p.value)
    args <- paste(args, "--score2", score2)
  }
  writeLines(paste(args, "--json"), file.path(name, "args"))
  if (is.null(g$brier)) g["brier"] <- list(NULL)
  if (is.null(g$compare)) g["compare"] <- list(NULL)
  write(toJSON(g, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), file.path(name, "golden.json"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
a <- data.frame(outcome = as.integer(aSAH$outcome == "Poor"), wfns = as.integer(aSAH$wfns),
                s100b = aSAH$s100b, ndka = aSAH$ndka, age = aSAH$age)
# heavy ties: WFNS grade 1-5 against S100B
case("asah_wfns_ties_vs_s100b", a, "wfns", "s100b")
# age (ties, weak marker) against ndka
case("asah_age_vs_ndka", a, "age", "ndka")
# a probability score (logistic model of s100b + age, rounded to 6 decimals) -> brier
fit <- glm(outcome ~ s100b + age, binomial, data = a)
p <- data.frame(outcome = a$outcome, risk = round(fitted(fit), 6), s100b = a$s100b)
case("asah_glm_probability_brier", p, "risk", "s100b")
cat(R.version.string, "pROC", as.character(packageVersion("pROC")), "\n")
