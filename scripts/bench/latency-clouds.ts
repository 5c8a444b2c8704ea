// Prints the clouds.yaml of the local cloud at a distance (section 7): scripts/bench/run
// gives it to the dashboard's server and to the CLI.
import { latencyCloudsYaml } from "./latency";

process.stdout.write(latencyCloudsYaml());
