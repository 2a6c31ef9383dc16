//! Options of nearest-neighbour matching, checked once at `fit`.

/// The order in which treated units choose their controls
/// (MatchIt's `m.order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatchOrder {
    /// Highest propensity score first (MatchIt's default for the ATT).
    #[default]
    Largest,
    /// Lowest propensity score first.
    Smallest,
    /// A random permutation: R's `set.seed(seed); sample.int(n1)`, as
    /// MatchIt's `m.order = "random"` ([`NearestParams::seed`], at most
    /// `i32::MAX`; R's default generator kinds). With exact strata one
    /// stream serves the strata in order of first appearance (MatchIt
    /// visits the levels of its exact factor, sorted by their labels).
    Random,
    /// Data order.
    Data,
}

impl MatchOrder {
    /// The name MatchIt uses (`"largest"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOrder::Largest => "largest",
            MatchOrder::Smallest => "smallest",
            MatchOrder::Random => "random",
            MatchOrder::Data => "data",
        }
    }
}

/// Greedy nearest-neighbour matching for the ATT on a scalar distance,
/// as `MatchIt::matchit(method = "nearest")` (≥ 4.5.4).
///
/// | Name | Default | Purpose |
/// |------|---------|---------|
/// | `ratio` | 1 | controls per treated unit (k:1), matched in rounds |
/// | `replace` | false | whether a control can be reused |
/// | `caliper` | none | maximal distance difference |
/// | `std_caliper` | true | caliper in SDs of the distance (SD over all units) |
/// | `order` | `Largest` | order in which treated units pick |
/// | `seed` | 0 | seed of the `Random` order |
#[derive(Debug, Clone, PartialEq)]
pub struct NearestParams {
    /// Number of controls per treated unit.
    pub ratio: usize,
    /// Matching with replacement.
    pub replace: bool,
    /// Caliper (in SDs of the distance when `std_caliper`).
    pub caliper: Option<f64>,
    /// Whether `caliper` is in standard deviations of the distance.
    pub std_caliper: bool,
    /// Matching order of the treated units.
    pub order: MatchOrder,
    /// Seed of the random order (ChaCha8; one stream per exact stratum).
    pub seed: u64,
}

impl Default for NearestParams {
    fn default() -> Self {
        NearestParams {
            ratio: 1,
            replace: false,
            caliper: None,
            std_caliper: true,
            order: MatchOrder::Largest,
            seed: 0,
        }
    }
}

impl NearestParams {
    /// Sets the number of controls per treated unit.
    pub fn ratio(mut self, ratio: usize) -> Self {
        self.ratio = ratio;
        self
    }
    /// Sets matching with replacement.
    pub fn replace(mut self, replace: bool) -> Self {
        self.replace = replace;
        self
    }
    /// Sets the caliper (`None` for none).
    pub fn caliper(mut self, caliper: Option<f64>) -> Self {
        self.caliper = caliper;
        self
    }
    /// Sets whether the caliper is in SDs of the distance.
    pub fn std_caliper(mut self, std: bool) -> Self {
        self.std_caliper = std;
        self
    }
    /// Sets the matching order.
    pub fn order(mut self, order: MatchOrder) -> Self {
        self.order = order;
        self
    }
    /// Sets the seed of the random order.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}
