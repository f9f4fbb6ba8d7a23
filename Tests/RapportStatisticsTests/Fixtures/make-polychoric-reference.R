# Reference values for PolychoricMatrix and BivariateNormal: psych 2.2.9 polychoric() (global
# thresholds; the local rule with the 0.5 correction when items differ in their observed
# maximum), alpha(), omega() and splitHalf() of the polychoric matrix, and mnormt::sadmvn rectangle
# probabilities at tight tolerance.
#
#   Rscript make-polychoric-reference.R   (writes polychoric-reference.json next to this script)
suppressMessages({ library(psych); library(psychTools); library(mnormt) })
stopifnot(packageVersion("psych") == "2.2.9")
here <- tryCatch(dirname(sys.frame(1)$ofile), error = function(e) NULL)
if (is.null(here)) {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  here <- if (length(f)) dirname(f) else "."
}
source(file.path(here, "json17.R"))
data(bfi, package = "psychTools")
mat <- function(m) unname(lapply(seq_len(nrow(m)), function(i) unname(as.vector(m[i, ]))))
rows <- function(d) unname(lapply(seq_len(nrow(d)), function(i) unname(as.numeric(d[i, ]))))
ref <- function(d, categories) {
  p <- suppressWarnings(suppressMessages(polychoric(d, smooth = FALSE)))
  a <- suppressWarnings(alpha(p$rho, warnings = FALSE))
  o <- suppressWarnings(suppressMessages(omega(p$rho, nfactors = 1, plot = FALSE)))
  s <- suppressWarnings(splitHalf(p$rho))
  list(data = rows(d), categories = categories, rho = mat(p$rho),
       tau = if (is.matrix(p$tau)) mat(p$tau) else list(),
       alpha = a$total$raw_alpha, averageR = a$total$average_r, g6 = a$total[["G6(smc)"]],
       omega = o$omega.tot,
       # Every coefficient of the report comes from the same matrix: psych's alpha.drop,
       # splitHalf(rho) (all splits at k <= 16) and its Guttman lambda 2 and 6.
       alphaDrop = unname(a$alpha.drop$raw_alpha), splitMax = s$maxrb, splitMin = s$minrb,
       splitMean = s$meanr, lambda2 = s$lambda2, lambda6 = s$lambda6)
}
out <- list()
# bfi agreeableness, A1 reversed (7 - x): 6 categories, 2800 rows with missing answers.
a <- bfi[, 1:5]; a$A1 <- 7 - a$A1
out$bfiA <- ref(a, 1:6)
# Seeded 4-category items; item 3 never uses the top category, so psych's global is FALSE
# and every pair table goes through the local rule (empty rows/columns dropped, 0.5 correction).
set.seed(15)
n <- 300
f <- rnorm(n)
x <- sapply(1:5, function(j) as.numeric(cut(0.7 * f + sqrt(0.51) * rnorm(n), c(-Inf, -1.2, 0, 1.1, Inf))))
x[, 3] <- pmin(x[, 3], 3)
x[sample(n * 5, 40)] <- NA
out$local <- ref(as.data.frame(x), 1:4)
# Rectangle probabilities P(a1 < X <= b1, a2 < Y <= b2).
grid <- expand.grid(a1 = c(-Inf, -1.3, 0.2), b1 = c(0.5, 1.7, Inf), a2 = c(-Inf, -0.4, 0.9),
                    b2 = c(1.2, Inf), rho = c(-0.95, -0.6, -0.1, 0.2, 0.5, 0.8, 0.93, 0.99))
grid$p <- mapply(function(a1, b1, a2, b2, r)
  sadmvn(lower = c(a1, a2), upper = c(b1, b2), mean = c(0, 0), varcov = matrix(c(1, r, r, 1), 2),
         maxpts = 1e7, abseps = 1e-13, releps = 0),
  grid$a1, grid$b1, grid$a2, grid$b2, grid$rho)
out$rectangles <- unname(lapply(seq_len(nrow(grid)), function(i) unname(as.numeric(grid[i, ]))))
write17(out, file.path(here, "polychoric-reference.json"))
