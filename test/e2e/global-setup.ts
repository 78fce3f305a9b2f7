import { ensureBuild } from "../../scripts/ensure-build.ts";

export default function globalSetup() {
  ensureBuild();
}
