# Regenerates the logistic-regression goldens (library-level: read by
# core-stats/src/glm/tests.rs, no CLI args). Run from this folder: Rscript make.R
# Each case folder gets data.csv (y, covariates, optional w) and golden.tsv:
#   coef <term> <estimate> <se> <z> <p>     (NA for aliased terms)
#   <key> <value>                           deviance null_deviance aic df_residual iterations converged separation
options(digits = 17)
f17 <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
write_case <- function(name, d, formula, weights = NULL) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  sep <- FALSE
  fit <- withCallingHandlers(
    if (is.null(weights)) glm(formula, family = binomial, data = d)
    else glm(formula, family = binomial, data = d, weights = w),
    warning = function(w) {
      if (grepl("numerically 0 or 1", conditionMessage(w))) sep <<- TRUE
      invokeRestart("muffleWarning")
    })
  cf <- coef(fit)
  sm <- summary(fit)$coefficients
  lines <- character(0)
  for (t in names(cf)) {
    if (is.na(cf[[t]])) lines <- c(lines, paste("coef", t, "NA NA NA NA"))
    else lines <- c(lines, paste("coef", t, paste(f17(sm[t, ]), collapse = " ")))
  }
  lines <- c(lines,
    paste("deviance", f17(fit$deviance)), paste("null_deviance", f17(fit$null.deviance)),
    paste("aic", f17(fit$aic)), paste("df_residual", fit$df.residual),
    paste("iterations", fit$iter), paste("converged", fit$converged),
    paste("separation", sep),
    paste("fitted_first", f17(fitted(fit)[1])), paste("fitted_last", f17(fitted(fit)[nrow(d)])))
  writeLines(lines, file.path(name, "golden.tsv"))
}
# infert: spontaneous/induced abortion and infertility
write_case("infert", data.frame(y = infert$case, age = infert$age, parity = infert$parity,
  induced = infert$induced, spontaneous = infert$spontaneous),
  y ~ age + parity + induced + spontaneous)
# mtcars: transmission by weight and horsepower
write_case("mtcars_am", data.frame(y = mtcars$am, wt = mtcars$wt, hp = mtcars$hp), y ~ wt + hp)
# mtcars with an aliased column (wt2 = 2 wt): R reports NA
write_case("mtcars_aliased", data.frame(y = mtcars$am, wt = mtcars$wt, wt2 = 2 * mtcars$wt, hp = mtcars$hp),
  y ~ wt + wt2 + hp)
# esoph: grouped cases/controls expanded to weighted 0/1 rows (zero weights kept)
e <- esoph
ed <- rbind(data.frame(y = 1, agegp = as.integer(e$agegp), alcgp = as.integer(e$alcgp),
                       tobgp = as.integer(e$tobgp), w = e$ncases),
            data.frame(y = 0, agegp = as.integer(e$agegp), alcgp = as.integer(e$alcgp),
                       tobgp = as.integer(e$tobgp), w = e$ncontrols))
write_case("esoph_weighted", ed, y ~ agegp + alcgp + tobgp, weights = TRUE)
# complete separation: y = 1 exactly when x > 5
write_case("separated", data.frame(y = as.integer((1:10) > 5), x = 1:10, u = c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3)),
  y ~ x + u)
cat(R.version.string, "\n")
