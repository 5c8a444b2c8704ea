import { useTranslations } from "next-intl";
import { useCallback } from "react";

import { writeWith, type Sentence, type ServerTranslator } from "./sentence";

/** Writes the server's sentences (a planner's finding made in the page) in the page's language. */
export function useSentence(): (sentence: Sentence) => string {
  const t = useTranslations("server");
  // A sentence's key and values are checked where it is made (say); here they are data.
  return useCallback(
    (sentence: Sentence) => writeWith(t as unknown as ServerTranslator, sentence),
    [t],
  );
}
