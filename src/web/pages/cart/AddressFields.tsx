import type { Address } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import { FieldError } from '../../ui/ErrorMessage';

export type AddressErrors = Partial<Record<keyof Address, string>>;

const FIELDS: [keyof Address, MessageKey, string][] = [
  ['name', 'checkout.name', 'name'],
  ['postalCode', 'checkout.postalCode', 'postal-code'],
  ['region', 'checkout.region', 'address-level1'],
  ['city', 'checkout.city', 'address-level2'],
  ['line1', 'checkout.line1', 'address-line1'],
  ['line2', 'checkout.line2', 'address-line2'],
  ['country', 'checkout.country', 'country'],
];

export const REQUIRED: (keyof Address)[] = ['name', 'postalCode', 'city', 'line1', 'country'];

export function AddressFields({
  value,
  errors,
  onChange,
}: {
  value: Address;
  errors: AddressErrors;
  onChange: (a: Address) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="form address">
      <legend>{t('checkout.address')}</legend>
      {FIELDS.map(([name, label, auto]) => (
        <label key={name} className={errors[name] ? 'field invalid' : 'field'} data-field={name}>
          <span>{t(label)}</span>
          <input
            name={name}
            autoComplete={auto}
            value={value[name] ?? ''}
            onChange={(e) => onChange({ ...value, [name]: e.target.value })}
          />
          <FieldError message={errors[name]} />
        </label>
      ))}
    </fieldset>
  );
}
