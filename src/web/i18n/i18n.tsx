import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { ja } from './ja';

export type Lang = 'ja' | 'en';
const KEY = 'marquee.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  readonly lang: Lang;
  readonly t: Translate;
  setLang(lang: Lang): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'ja'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(KEY, l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const t = useCallback<Translate>(
    (key, params) =>
      (dictionaries[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`)),
    [lang],
  );
  const value = useMemo(() => ({ lang, t, setLang }), [lang, t, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Translates a dynamic key (e.g. `status.${order.status}`), falling back to the raw value. */
export function useTranslateDynamic(): (prefix: string, value: string) => string {
  const { lang } = useI18n();
  return useCallback(
    (prefix, value) => (dictionaries[lang] as Record<string, string>)[`${prefix}.${value}`] ?? value,
    [lang],
  );
}
