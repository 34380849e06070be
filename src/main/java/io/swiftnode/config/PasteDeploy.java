package io.swiftnode.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How PasteDeploy (as Swift patches it in {@code swift.common.wsgi}) turns an
 * {@code object-server.conf} into the {@code conf} dict the object server and its filters see.
 *
 * <p>This is not ConfigParser's inheritance: in an {@code [app:…]} or {@code [filter:…]} section
 * <ul>
 * <li>a plain {@code key = value} whose key is also in {@code [DEFAULT]} is <em>ignored</em> (the
 *     {@code [DEFAULT]} value wins);</li>
 * <li>{@code set key = value} overrides the {@code [DEFAULT]} value;</li>
 * <li>{@code get key = other} copies the {@code [DEFAULT]} value of {@code other};</li>
 * <li>keys keep their case ({@code optionxform = str});</li>
 * <li>{@code here} (the file's directory) and {@code __file__} are defaults usable in
 *     {@code %(here)s}.</li>
 * </ul>
 * The factory then merges: {@code conf = global_conf (defaults + set lines) updated with the local
 * options}. Reproducing this keeps a mixed Python/Java node reading one file identically.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasteDeploy {
    private static final List<List<String>> APP_PREFIXES = List.of(
            List.of("app", "application"), List.of("composite", "composit"), List.of("pipeline"),
            List.of("filter-app"));
    private static final List<List<String>> FILTER_PREFIXES = List.of(List.of("filter"));

    private final IniFile ini;
    private final Map<String, String> defaults;

    private PasteDeploy(IniFile ini) {
        this.ini = ini;
        // NicerConfigParser.defaults(): each default interpolated against the defaults
        Map<String, String> d = new LinkedHashMap<>();
        for (String key : ini.rawDefaults().keySet()) {
            String v = ini.get(IniFile.DEFAULT_SECTION, key).orElse("");
            d.put(key, v.isEmpty() ? ini.rawDefaults().get(key) : v);
        }
        this.defaults = Map.copyOf(d);
    }

    /** Reads a config file or {@code .conf} directory as Swift's loaders do. */
    public static PasteDeploy read(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        String here = Files.isDirectory(abs) ? abs.toString()
                : (abs.getParent() == null ? "/" : abs.getParent().toString());
        return new PasteDeploy(IniFile.read(path, IniFile.Dialect.PASTE_DEPLOY,
                Map.of("here", here, "__file__", abs.toString())));
    }

    /** Wraps text already read (for tests), with {@code here}/{@code __file__} as given. */
    public static PasteDeploy parse(String text, String sourceName, Map<String, String> initialDefaults) {
        return new PasteDeploy(IniFile.parse(text, sourceName, IniFile.Dialect.PASTE_DEPLOY, initialDefaults));
    }

    public IniFile ini() {
        return ini;
    }

    /** The interpolated {@code [DEFAULT]} values PasteDeploy passes as {@code global_conf}. */
    public Map<String, String> defaults() {
        return defaults;
    }

    /** The {@code [pipeline:main] pipeline} names, or empty if there is no such section. */
    public List<String> mainPipeline() {
        Optional<String> section = findSection(APP_PREFIXES, "main").filter(s -> prefixOf(s).equals("pipeline"));
        if (section.isEmpty()) {
            return List.of();
        }
        Context c = context(section.get(), Map.of());
        String p = c.local().get("pipeline");
        if (p == null) {
            throw new ConfigException("The [" + section.get() + "] section in " + ini.source()
                    + " is missing a 'pipeline' setting");
        }
        return List.of(p.strip().split("\\s+"));
    }

    /**
     * The conf dict of {@code [app:NAME]} as its {@code app_factory} receives it: defaults, then
     * {@code set} overrides (of the main pipeline and of the app), then the app's own options.
     *
     * @throws ConfigException if there is no such app section, as Swift fails to start then
     */
    public Map<String, String> appConfig(String name) {
        String section = findSection(APP_PREFIXES, name).orElseThrow(() -> new ConfigException(
                "No section '" + name + "' (prefixed by 'app' or 'application' or 'composite' or 'composit' or "
                        + "'pipeline' or 'filter-app') found in config " + ini.source()));
        String prefix = prefixOf(section);
        if (!prefix.equals("app") && !prefix.equals("application")) {
            throw new ConfigException("[" + section + "] in " + ini.source() + ": only an [app:" + name
                    + "] section can configure the object server");
        }
        List<String> pipeline = mainPipeline();
        boolean inPipeline = !pipeline.isEmpty() && pipeline.get(pipeline.size() - 1).equals(name);
        return context(section, inPipeline ? pipelineAdditions() : Map.of()).merged();
    }

    /** {@code set} lines of {@code [pipeline:main]}: PasteDeploy hands them to every pipeline member. */
    private Map<String, String> pipelineAdditions() {
        return findSection(APP_PREFIXES, "main").map(s -> context(s, Map.of()).additions()).orElse(Map.of());
    }

    /**
     * The conf dict of {@code [filter:NAME]} as its {@code filter_factory} receives it, or empty if
     * the file has no such section.
     */
    public Optional<Map<String, String>> filterConfig(String name) {
        List<String> pipeline = mainPipeline();
        boolean inPipeline = pipeline.indexOf(name) >= 0 && pipeline.indexOf(name) < pipeline.size() - 1;
        Map<String, String> inherited = inPipeline ? pipelineAdditions() : Map.of();
        return findSection(FILTER_PREFIXES, name).map(s -> context(s, inherited).merged());
    }

    /** Whether {@code [filter:NAME]} exists. */
    public boolean hasFilter(String name) {
        return findSection(FILTER_PREFIXES, name).isPresent();
    }

    /** The {@code use} value of a filter section, e.g. {@code egg:swift#healthcheck}. */
    public Optional<String> filterUse(String name) {
        return findSection(FILTER_PREFIXES, name).flatMap(s -> ini.get(s, "use"));
    }

    private static String prefixOf(String section) {
        return section.substring(0, section.indexOf(':'));
    }

    /** {@code find_config_section}: exactly one section named {@code prefix:name} over all prefix groups. */
    private Optional<String> findSection(List<List<String>> prefixGroups, String name) {
        List<String> possible = new ArrayList<>();
        for (List<String> group : prefixGroups) {
            for (String prefix : group) {
                List<String> found = new ArrayList<>();
                for (String s : ini.sections()) {
                    if (s.startsWith(prefix + ":") && s.substring(prefix.length() + 1).strip().equals(name)) {
                        found.add(s);
                    }
                }
                if (!found.isEmpty()) {
                    possible.addAll(found);
                    break;
                }
            }
        }
        if (possible.size() > 1) {
            throw new ConfigException("Ambiguous section names " + possible + " for section '" + name
                    + "' found in config " + ini.source());
        }
        return possible.stream().findFirst();
    }

    /** One section's split into global additions and local options ({@code ConfigLoader.get_context}). */
    private Context context(String section, Map<String, String> inheritedGlobal) {
        Map<String, String> global = new LinkedHashMap<>(defaults);
        global.putAll(inheritedGlobal);
        Map<String, String> additions = new LinkedHashMap<>();
        Map<String, String> local = new LinkedHashMap<>();
        Map<String, String> getFromGlobals = new LinkedHashMap<>();
        for (String option : ini.options(section)) {
            String value = ini.get(section, option).orElse("");
            if (option.startsWith("set ")) {
                String name = option.substring(4).strip();
                additions.put(name, value);
                global.put(name, value);
            } else if (option.startsWith("get ")) {
                getFromGlobals.put(option.substring(4).strip(), value);
            } else if (!defaults.containsKey(option)) {
                local.put(option, value);
            }
        }
        getFromGlobals.forEach((localVar, globalVar) -> {
            String v = global.get(globalVar);
            if (v == null) {
                throw new ConfigException("[" + section + "] in " + ini.source() + ": 'get " + localVar + " = "
                        + globalVar + "' refers to no [DEFAULT] option");
            }
            local.put(localVar, v);
        });
        return new Context(section.substring(section.indexOf(':') + 1).strip(), global, additions, local);
    }

    private record Context(String name, Map<String, String> global, Map<String, String> additions,
            Map<String, String> local) {
        /**
         * {@code conf = global_conf.copy(); conf.update(local_conf)} as the factories build it, with
         * the loader's own keys handled as PasteDeploy and Swift do: {@code use},
         * {@code filter-with} and {@code require} consumed, {@code __name__} added.
         */
        Map<String, String> merged() {
            Map<String, String> conf = new LinkedHashMap<>(global);
            local.forEach((k, v) -> {
                if (!k.equals("use") && !k.equals("filter-with") && !k.equals("require")) {
                    conf.put(k, v);
                }
            });
            conf.put("__name__", name);
            return conf;
        }
    }
}
